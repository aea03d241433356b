import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { until, WAIT_CEILING_MS } from './wait.ts'

export interface ReceivedCall {
  path: string
  headers: IncomingHttpHeaders
  rawBody: string
  body: unknown
  at: number
}

export interface Listener {
  /** The callback URL to subscribe with: `http://127.0.0.1:{port}/listener`. */
  url: string
  /** Every call answered with a 2xx, in arrival order. */
  received: ReceivedCall[]
  /** Status answered to each call; a function lets a test fail the first N calls. */
  respondWith: (call: ReceivedCall, index: number) => number
  /** Resolves with `received` once it holds at least `count` calls; throws after the ceiling. */
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
      // Recorded before answering: a delivery the relay marks delivered is already in `received`.
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
    async waitFor (count, timeoutMs = WAIT_CEILING_MS) {
      return await until(`${count} calls at the listener (got ${received.length})`, () => received.length >= count ? received : undefined, timeoutMs)
    },
    async close () {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
  t?.teardown(() => listener.close())
  return listener
}

/** The TMF event envelope as delivered: `event` holds the resource under its name. */
export interface DeliveredEvent {
  eventId: string
  eventType: string
  event: Record<string, Record<string, unknown> & { id?: string }>
}

/** The envelope of a received call. */
export function eventOf (call: ReceivedCall): DeliveredEvent {
  return call.body as DeliveredEvent
}

/** The id of the resource a received event is about (whatever its resource name). */
export function resourceIdOf (call: ReceivedCall): string | undefined {
  const event = eventOf(call).event
  if (typeof event !== 'object' || event === null) return undefined
  for (const resource of Object.values(event)) {
    if (typeof resource?.id === 'string') return resource.id
  }
  return undefined
}

/** `eventType` of each call, in arrival order. */
export function eventTypes (calls: readonly ReceivedCall[]): string[] {
  return calls.map((c) => eventOf(c).eventType)
}

/** A predicate for the call about `resourceId` (and of `eventType`, when given). */
export function callAbout (resourceId: string, eventType?: string): (call: ReceivedCall) => boolean {
  return (call) => resourceIdOf(call) === resourceId && (eventType === undefined || eventOf(call).eventType === eventType)
}
