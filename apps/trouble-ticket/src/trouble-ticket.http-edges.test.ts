import t, { type Test } from 'tap'
import { connect } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { aTroubleTicket, bearer, serverTestOptions } from '@cx/test-kit'
import { buildApp } from './app.ts'
import { as, startTroubleTickets, V5 } from './test-support.ts'

// Errors produced below the routes — by Node's HTTP parser, the router, body parsing and
// shutdown — are TMF Error bodies like every other 4xx/5xx. These need a real listener: the
// parser and the shutdown path are not reached by app.inject. The store plays no part (PGlite).

interface RawResponse { status: number, headers: Record<string, string>, body: string }

/** Writes raw bytes on a fresh connection and reads every response until the server closes it. */
async function raw (port: number, request: string | Buffer, write?: (socket: ReturnType<typeof connect>) => Promise<void>): Promise<RawResponse[]> {
  const socket = connect(port, '127.0.0.1')
  const chunks: Buffer[] = []
  socket.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<void>((resolve, reject) => {
    socket.on('close', () => resolve())
    socket.on('error', reject)
  })
  socket.write(request)
  if (write !== undefined) await write(socket)
  socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')))
  await ended
  return parseResponses(Buffer.concat(chunks).toString('latin1'))
}

function parseResponses (text: string): RawResponse[] {
  const out: RawResponse[] = []
  let rest = text
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n')
    const [statusLine = '', ...lines] = rest.slice(0, headEnd).split('\r\n')
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
    const length = Number(headers['content-length'] ?? '0')
    const body = Buffer.from(rest.slice(headEnd + 4), 'latin1').subarray(0, length).toString('utf8')
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body })
    rest = rest.slice(headEnd + 4 + Buffer.byteLength(body))
  }
  return out
}

function tmfError (t: Test, res: { status: number, body: string, headers: Record<string, string> }, status: number, what: string): void {
  t.equal(res.status, status, `${what}: ${status}`)
  t.match(res.headers['content-type'] ?? '', /^application\/json/, `${what}: JSON`)
  const body = JSON.parse(res.body) as Record<string, unknown>
  t.equal(body['@type'], 'Error', `${what}: a TMF Error`)
  t.equal(body.status, String(status), `${what}: status ${String(body.status)}`)
  t.type(body.code, 'string')
  t.type(body.reason, 'string')
}

async function listening (t: Test): Promise<{ app: FastifyInstance, port: number }> {
  const app = await startTroubleTickets(t, 'pglite')
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  return { app, port: typeof address === 'object' && address !== null ? address.port : 0 }
}

t.test('the HTTP parser\'s refusals are TMF Errors', async (t) => {
  const { port } = await listening(t)
  const [big] = await raw(port, `GET ${V5}/troubleTicket HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
  tmfError(t, big as RawResponse, 431, 'oversized headers')
  const [garbage] = await raw(port, 'NOT HTTP AT ALL\r\n\r\n')
  tmfError(t, garbage as RawResponse, 400, 'a malformed request line')
  const [badHeader] = await raw(port, `GET ${V5}/troubleTicket HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n`)
  tmfError(t, badHeader as RawResponse, 400, 'a malformed header')
})

t.test('the router\'s refusals are TMF Errors, and ids up to the 200 characters of the id schema are routed', async (t) => {
  const { port } = await listening(t)
  const auth = await bearer('operator')
  const get = async (path: string): Promise<RawResponse> => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: auth } })
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }
  }
  tmfError(t, await get(`${V5}/troubleTicket/a%zz`), 400, 'bad percent-encoding in the path')
  tmfError(t, await get(`${V5}/troubleTicket/a%`), 400, 'a truncated escape in the path')
  tmfError(t, await get(`${V5}/troubleTicket/a%C3`), 404, 'an escape that is no UTF-8 in an id')
  const longest = await get(`${V5}/troubleTicket/${'i'.repeat(200)}`)
  tmfError(t, longest, 404, 'a 200-character id')
  t.match(JSON.parse(longest.body).message, /TroubleTicket i+ not found/, 'the 200-character id reached the resource route')
  const tooLong = await get(`${V5}/troubleTicket/${'i'.repeat(201)}`)
  tmfError(t, tooLong, 400, 'a 201-character id')
  t.match(JSON.parse(tooLong.body).message, /200 characters/)
  tmfError(t, await get(`${V5}/troubleTicket/${'i'.repeat(5000)}`), 414, 'a 5,000-character path segment')
})

t.test('a long query does not make the response headers oversized', async (t) => {
  const { app, port } = await listening(t)
  const op = as(app, 'operator')
  for (let i = 0; i < 3; i++) await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ description: `d${i}` }) })
  const auth = await bearer('operator')
  const short = await fetch(`http://127.0.0.1:${port}${V5}/troubleTicket?severity=Major&offset=1&limit=1`, { headers: { authorization: auth } })
  t.equal(short.status, 200)
  const rels = [...(short.headers.get('link') ?? '').matchAll(/rel="(\w+)"/g)].map((m) => m[1])
  t.same(rels, ['self', 'first', 'prev', 'next', 'last'], 'a short query has every relation')
  t.match(short.headers.get('link') ?? '', '<' + V5 + '/troubleTicket?severity=Major&offset=2&limit=1>; rel="next"')

  // 12 kB of query: within Node's 16 kB request header limit, but five copies would be 60 kB.
  const longQuery = `severity=Major&description.ne=${'x'.repeat(12_000)}&limit=1`
  const long = await fetch(`http://127.0.0.1:${port}${V5}/troubleTicket?${longQuery}`, { headers: { authorization: auth } })
  t.equal(long.status, 200, 'Node\'s own HTTP client reads the answer (it refuses response headers over 16 kB)')
  t.equal(long.headers.get('x-total-count'), '3')
  t.equal(long.headers.get('link'), null, 'no Link header rather than an oversized one')

  const medium = await fetch(`http://127.0.0.1:${port}${V5}/troubleTicket?severity=Major&description.ne=${'x'.repeat(1500)}&limit=1`, { headers: { authorization: auth } })
  const mediumLink = medium.headers.get('link') ?? ''
  t.ok(mediumLink.length > 0 && mediumLink.length <= 4096, `a medium query keeps what fits (${mediumLink.length} bytes)`)
  t.same([...mediumLink.matchAll(/rel="(\w+)"/g)].map((m) => m[1]), ['next'], 'the relation needed to page on')
})

t.test('while the server shuts down, new requests get a 503 TMF Error', async (t) => {
  const app = await buildApp(await serverTestOptions(t, 'pglite') as never)
  t.teardown(() => app.close())
  let arrived = 0
  app.addHook('onRequest', async () => { arrived++ })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const auth = await bearer('operator')
  const body = JSON.stringify(aTroubleTicket())
  const half = Math.floor(body.length / 2)
  let closed: Promise<void> | undefined
  // One keep-alive connection: a POST whose body is still arriving when close() starts, then a
  // second request pipelined behind it. The first completes; the second meets the shutdown.
  const responses = await raw(port, `POST ${V5}/troubleTicket HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`, async (socket) => {
    await waitFor('the first request to be routed', () => arrived === 1)
    closed = app.close()
    await waitFor('the server to stop listening', () => !app.server.listening)
    socket.write(`${body.slice(half)}GET ${V5}/troubleTicket HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\n\r\n`)
  })
  await closed
  t.equal(responses.length, 2, 'both requests were answered')
  t.equal(responses[0]?.status, 201, 'the request in flight completed')
  tmfError(t, responses[1] as RawResponse, 503, 'a request arriving during shutdown')
  t.equal(responses[1]?.headers.connection, 'close')
})

async function waitFor (what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
