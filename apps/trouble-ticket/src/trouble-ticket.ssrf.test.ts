import t from 'tap'
import { deliveryConfigFromEnv } from '@cx/events'
import { storeKinds, type Caller } from '@cx/test-kit'
import { as, startTroubleTickets, V5 } from './test-support.ts'

// SSRF through the API itself: POST /hub of a production server, whose policy comes from the
// environment as server.ts builds it (HUB_CALLBACK_ALLOWLIST), refuses callbacks pointing inside
// the network. The events package tests the classification; these prove the API applies it.

/** [callback, what the refusal names] — every form here must be refused with a TMF 400. */
const INTERNAL: ReadonlyArray<readonly [string, RegExp]> = [
  // localhost names (resolved, as any name is, before the check)
  ['http://localhost:8080/cb', /loopback/],
  ['http://LOCALHOST.:8080/cb', /loopback/],
  ['http://a.localhost/cb', /a\.localhost/],
  // loopback, literal and in the other spellings the URL parser turns into 127.0.0.1
  ['http://127.0.0.1/cb', /loopback/],
  ['http://127.8.9.10/cb', /loopback/],
  ['http://0.0.0.0/cb', /loopback/],
  ['http://2130706433/cb', /loopback/],
  ['http://0x7f.1/cb', /loopback/],
  ['http://017700000001/cb', /loopback/],
  ['http://[::1]/cb', /loopback/],
  ['http://[::]/cb', /loopback/],
  // RFC 1918 and carrier-grade NAT
  ['http://10.1.2.3/cb', /private/],
  ['http://172.16.0.1/cb', /private/],
  ['http://172.31.255.254/cb', /private/],
  ['http://192.168.1.1/cb', /private/],
  ['http://100.64.0.1/cb', /private/],
  // link-local and cloud metadata
  ['http://169.254.10.20/cb', /link-local/],
  ['http://169.254.169.254/latest/meta-data', /metadata/],
  ['http://[fe80::1]/cb', /link-local/],
  ['http://[fd00:ec2::254]/latest', /metadata/],
  // unique-local IPv6 (RFC 4193)
  ['http://[fc00::1]/cb', /private/],
  ['http://[fd12:3456:789a::1]/cb', /private/],
  // IPv6 forms that carry an IPv4 address, judged by that address
  ['http://[::ffff:127.0.0.1]/cb', /loopback/],
  ['http://[::ffff:7f00:1]/cb', /loopback/],
  ['http://[::ffff:10.0.0.1]/cb', /private/],
  ['http://[::ffff:169.254.169.254]/cb', /metadata/],
  ['http://[::127.0.0.1]/cb', /loopback/],
  ['http://[64:ff9b::a00:1]/cb', /private/],
  ['http://[64:ff9b::7f00:1]/cb', /loopback/],
  ['http://[2002:c0a8:101::1]/cb', /private/],
  ['http://[2002:a9fe:a9fe::1]/cb', /metadata/]
]

interface HubList { json: () => Array<{ callback: string }> }

async function subscribe (op: Caller, callback: string): Promise<{ statusCode: number, body: Record<string, unknown> }> {
  const res = await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback } })
  return { statusCode: res.statusCode, body: res.json() }
}

for (const kind of storeKinds()) {
  t.test(`POST /hub in production mode refuses internal callbacks (${kind})`, async (t) => {
    const app = await startTroubleTickets(t, kind, { delivery: deliveryConfigFromEnv({}, 'production') })
    const op = as(app, 'operator')

    for (const [callback, names] of INTERNAL) {
      const res = await subscribe(op, callback)
      t.equal(res.statusCode, 400, `${callback} is refused`)
      t.match(res.body, { '@type': 'Error', code: 'ERR400', status: '400' }, `${callback}: a TMF Error`)
      t.match(String(res.body.message), names, `${callback}: the reason says why`)
    }
    const partner = await subscribe(as(app, 'partner-a'), 'http://192.168.0.10/cb')
    t.equal(partner.statusCode, 400, 'partners are held to the same policy')
    t.same(((await op({ method: 'GET', url: `${V5}/hub` })) as HubList).json(), [], 'no refused subscription was stored')

    // The same server accepts a public address: the refusals above are the policy, not a blanket no.
    const open = await subscribe(op, 'https://93.184.215.14/hooks/tmf')
    t.equal(open.statusCode, 201, 'a public IPv4 callback is accepted')
    t.equal((await subscribe(op, 'https://[2606:4700:4700::1111]/hooks')).statusCode, 201, 'a public IPv6 callback is accepted')
  })

  t.test(`HUB_CALLBACK_ALLOWLIST admits exactly the hosts it names (${kind})`, async (t) => {
    const env = { HUB_CALLBACK_ALLOWLIST: 'localhost, 10.20.30.40,169.254.169.254,[fe80::1]' }
    const app = await startTroubleTickets(t, kind, { delivery: deliveryConfigFromEnv(env, 'production') })
    const op = as(app, 'operator')

    t.equal((await subscribe(op, 'http://localhost:9/cb')).statusCode, 201, 'a named host, though it resolves to loopback')
    t.equal((await subscribe(op, 'http://LocalHost.:9/cb')).statusCode, 201, 'the same name in another case, with the root dot')
    t.equal((await subscribe(op, 'http://10.20.30.40/cb')).statusCode, 201, 'a named private address')

    for (const [callback, why] of [
      ['http://127.0.0.1:9/cb', 'the address localhost resolves to is not the name'],
      ['http://[::1]:9/cb', 'nor is the IPv6 loopback'],
      ['http://10.20.30.41/cb', 'a neighbour of a named address'],
      ['http://[::ffff:10.20.30.40]/cb', 'the named address spelt as IPv6 is another host'],
      ['http://169.254.169.254/latest', 'metadata stays refused even when named'],
      ['http://[fe80::1]/cb', 'link-local stays refused even when named']
    ] as const) {
      const res = await subscribe(op, callback)
      t.equal(res.statusCode, 400, `${callback}: ${why}`)
      t.equal(res.body.code, 'ERR400')
    }
    t.same(((await op({ method: 'GET', url: `${V5}/hub` })) as HubList).json().map((h) => h.callback).sort(),
      ['http://10.20.30.40/cb', 'http://LocalHost.:9/cb', 'http://localhost:9/cb'], 'exactly the admitted subscriptions were stored')
  })
}
