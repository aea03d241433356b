import { createHmac } from 'node:crypto'
import t from 'tap'
import { aTroubleTicket, startListener, storeKinds } from '@cx/test-kit'
import { as, mergePatch, startTroubleTickets, V5 } from './test-support.ts'

async function until<T> (what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

// Delivery guarantees through the HTTP surface of a real service (the relay's own tests in
// @cx/events cover Redis outages and SIGKILL).
for (const kind of storeKinds()) {
  t.test(`hub delivery on ${kind}: signatures, retries, dead letters, replay`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')

    t.test('a subscriber that fails twice then recovers gets each event once, in order, signed', async (t) => {
      const listener = await startListener(t)
      listener.respondWith = (_call, index) => (index < 2 ? 503 : 204)
      const secret = 'a-long-enough-secret'
      const hub = (await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: listener.url, secret } })).json()
      t.notOk('secret' in hub, 'the secret is write-only')
      const { href } = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
      await mergePatch(op, href, { status: 'inProgress' })
      const calls = await listener.waitFor(3)
      t.same(calls.map((c) => (c.body as { eventType: string }).eventType), ['TroubleTicketCreateEvent', 'TroubleTicketAttributeValueChangeEvent', 'TroubleTicketStatusChangeEvent'])
      for (const call of calls) {
        const expected = `sha256=${createHmac('sha256', secret).update(call.rawBody).digest('hex')}`
        t.equal(call.headers['x-hub-signature-256'], expected, 'HMAC of the exact body')
        t.equal(call.headers['x-event-type'], (call.body as { eventType: string }).eventType)
      }
      const stats = await until('stats', async () => {
        const s = (await op({ method: 'GET', url: `${V5}/hub/${String(hub.id)}` })).json().deliveryStats
        return s.delivered >= 3 ? s : undefined
      })
      t.equal(stats.delivered, 3)
      t.ok(stats.failed >= 2, 'the failures are counted')
      t.notOk('secret' in (await op({ method: 'GET', url: `${V5}/hub/${String(hub.id)}` })).json())
    })

    t.test('a subscriber down for good: dead letters after the attempts, replay once it is back', async (t) => {
      const listener = await startListener(t)
      listener.respondWith = () => 500
      const hub = (await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: listener.url, query: 'eventType=TroubleTicketCreateEvent' } })).json()
      await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ name: 'lost?' }) })
      const dead = await until('a dead letter', async () => {
        const res = await op({ method: 'GET', url: `${V5}/hub/deadLetter?subscriptionId=${String(hub.id)}` })
        const items = res.json() as Array<{ id: string, attempts: number, eventType: string }>
        return items.length > 0 ? items : undefined
      })
      t.equal(dead.length, 1)
      t.equal(dead[0]?.eventType, 'TroubleTicketCreateEvent')
      t.equal(dead[0]?.attempts, 3, 'HUB_MAX_ATTEMPTS of the test configuration')
      const partner = await as(app, 'partner-a')({ method: 'GET', url: `${V5}/hub/deadLetter` })
      t.equal(partner.statusCode, 403, 'dead letters are an operator tool')

      listener.respondWith = () => 204
      const replay = await op({ method: 'POST', url: `${V5}/hub/deadLetter/replay`, payload: { subscriptionId: hub.id } })
      t.equal(replay.statusCode, 202)
      t.equal(replay.json().replayed, 1)
      const [call] = await listener.waitFor(1)
      t.equal(((call?.body as { event: { troubleTicket: { name: string } } }).event.troubleTicket.name), 'lost?')
      const left = await op({ method: 'GET', url: `${V5}/hub/deadLetter?subscriptionId=${String(hub.id)}` })
      t.same(left.json(), [], 'nothing is dead any more')
    })
  })
}
