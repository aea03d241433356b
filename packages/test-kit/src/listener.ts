import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedCall {
  path: string
  headers: IncomingHttpHeaders
  rawBody: string
  body: unknown
  at: number
}

export interface Listener {
  url: string
  received: ReceivedCall[]
  /** Status answered to each call; a function lets a test fail the first N calls. */
  respondWith: (call: ReceivedCall, index: number) => number
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedCall[]>
  close: () => Promise<void>
}

/** A real HTTP hub listener on 127.0.0.1 that records every callback it receives. */
export async function startListener (t?: { teardown: (fn: () => unknown) => void }, status = 204): Promise<Listener> {
  const received: ReceivedCall[] = []
  let calls = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try { body = JSON.parse(rawBody) } catch { body = rawBody }
      const call: ReceivedCall = { path: req.url ?? '/', headers: req.headers, rawBody, body, at: Date.now() }
      const code = listener.respondWith(call, calls++)
      if (code >= 200 && code < 300) received.push(call)
      res.statusCode = code
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const listener: Listener = {
    url: `http://127.0.0.1:${port}/listener`,
    received,
    respondWith: () => status,
    async waitFor (count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`listener got ${received.length} of ${count} calls in ${timeoutMs} ms`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return received
    },
    async close () {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
  t?.teardown(() => listener.close())
  return listener
}
