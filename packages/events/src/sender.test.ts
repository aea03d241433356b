import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { startListener } from '@cx/test-kit'
import { createSender, type HostResolver } from './sender.ts'
import { verifySignature } from './signature.ts'

const production = { mode: 'production' as const, allowHosts: [] }
const embedded = { mode: 'embedded' as const, allowHosts: [] }
const request = (callback: string, secret: string | null = null): Parameters<ReturnType<typeof createSender>['send']>[0] =>
  ({ callback, secret, body: '{"eventId":"e1","x":"é"}', eventId: 'e1', eventType: 'TroubleTicketCreateEvent' })

async function rawServer (t: { teardown: (fn: () => unknown) => void }, handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.closeAllConnections(); server.close() })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

t.test('posts the exact body with event headers and an HMAC signature', async (t) => {
  const listener = await startListener(t, 201)
  const sender = createSender({ policy: embedded, timeoutMs: 2000 })
  t.teardown(() => sender.close())
  const result = await sender.send(request(listener.url, 'topsecret'))
  t.same(result, { ok: true, status: 201, error: null })
  const call = listener.received[0]
  t.equal(call?.rawBody, '{"eventId":"e1","x":"é"}')
  t.equal(call?.headers['x-event-id'], 'e1')
  t.equal(call?.headers['x-event-type'], 'TroubleTicketCreateEvent')
  t.equal(call?.headers['content-type'], 'application/json')
  t.ok(verifySignature('topsecret', call?.rawBody ?? '', call?.headers['x-hub-signature-256'] as string))
  t.notOk(verifySignature('other', call?.rawBody ?? '', call?.headers['x-hub-signature-256'] as string))
  await sender.send(request(listener.url))
  t.equal(listener.received[1]?.headers['x-hub-signature-256'], undefined, 'no secret, no signature')
})

t.test('SSRF at delivery time: internal addresses are refused before any connection', async (t) => {
  const listener = await startListener(t)
  const port = new URL(listener.url).port
  const sender = createSender({ policy: production, timeoutMs: 2000 })
  t.teardown(() => sender.close())
  t.match(await sender.send(request(listener.url)), { ok: false, status: null, error: /loopback/ })
  // A host name is resolved and checked at connect time (DNS may have changed since subscribing).
  t.match(await sender.send(request(`http://localhost:${port}/listener`)), { ok: false, error: /loopback/ })
  t.match(await sender.send(request('http://169.254.169.254/latest/meta-data/')), { ok: false, error: /metadata/ })
  t.match(await sender.send(request('ftp://example.com/')), { ok: false, error: /scheme/ })
  t.equal(listener.received.length, 0, 'nothing reached the listener')

  const allowing = createSender({ policy: { mode: 'production', allowHosts: ['localhost'] }, timeoutMs: 2000 })
  t.teardown(() => allowing.close())
  t.match(await allowing.send(request(`http://localhost:${port}/listener`)), { ok: true })
  const metadataAllowlisted = createSender({ policy: { mode: 'embedded', allowHosts: ['169.254.169.254'] }, timeoutMs: 500 })
  t.teardown(() => metadataAllowlisted.close())
  t.match(await metadataAllowlisted.send(request('http://169.254.169.254/')), { ok: false, error: /metadata/ }, 'metadata refused even allowlisted')
})

t.test('SSRF at connect time: a name resolving to an IPv6 form that embeds an internal IPv4 address is refused', async (t) => {
  const listener = await startListener(t)
  const port = new URL(listener.url).port
  // What a hostile DNS answer could say about a callback host; each reaches 127.0.0.1 or the metadata service.
  const answers: Record<string, string> = {
    'mapped.example': '::ffff:127.0.0.1',
    'nat64.example': '64:ff9b::7f00:1',
    'sixtofour.example': '2002:a9fe:a9fe::1',
    'teredo.example': '2001:0:808:808::80ff:fffe'
  }
  const resolver: HostResolver = (hostname, _family, done) => {
    const address = answers[hostname]
    if (address === undefined) { done(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []); return }
    done(null, [{ address, family: 6 }])
  }
  const sender = createSender({ policy: production, timeoutMs: 2000, resolver })
  t.teardown(() => sender.close())
  for (const [host, address] of Object.entries(answers)) {
    const cls = host === 'sixtofour.example' ? /metadata/ : /loopback/
    t.match(await sender.send(request(`http://${host}:${port}/listener`)), { ok: false, status: null, error: cls }, `${host} → ${address}`)
  }
  t.match(await sender.send(request(`http://[::ffff:7f00:1]:${port}/listener`)), { ok: false, status: null, error: /loopback/ }, 'an IP literal is checked before connecting')
  t.equal(listener.received.length, 0, 'nothing reached the listener')

  // The form is no curiosity: allowlisted, the mapped address does reach the IPv4 loopback listener.
  const allowing = createSender({ policy: { mode: 'production', allowHosts: ['mapped.example'] }, timeoutMs: 2000, resolver })
  t.teardown(() => allowing.close())
  t.match(await allowing.send(request(`http://mapped.example:${port}/listener`)), { ok: true })
  t.equal(listener.received.length, 1)
})

t.test('failures: status, timeout, refused connection, redirects not followed', async (t) => {
  const sender = createSender({ policy: embedded, timeoutMs: 300 })
  t.teardown(() => sender.close())
  const failing = await rawServer(t, (_req, res) => { res.statusCode = 500; res.end('database on fire') })
  t.same(await sender.send(request(failing)), { ok: false, status: 500, error: 'HTTP 500: database on fire' })
  const silent = await rawServer(t, () => {})
  t.same(await sender.send(request(silent)), { ok: false, status: null, error: 'timeout after 300 ms' })
  let followed = false
  const target = await rawServer(t, (_req, res) => { followed = true; res.end() })
  const redirecting = await rawServer(t, (_req, res) => { res.writeHead(307, { location: target }); res.end() })
  t.match(await sender.send(request(redirecting)), { ok: false, status: 307 })
  t.notOk(followed, 'a redirect is a failure, never followed')
  const closed = await rawServer(t, () => {})
  const port = new URL(closed).port
  await new Promise((resolve) => setTimeout(resolve, 10))
  t.match(await sender.send(request(`http://127.0.0.1:${Number(port) === 1 ? 2 : 1}/`)), { ok: false, status: null, error: /ECONNREFUSED/ })
})
