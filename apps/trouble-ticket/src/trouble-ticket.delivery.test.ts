import { createHmac } from 'node:crypto'
import t from 'tap'
import { aTroubleTicket, callAbout, callsBeforeMarker, deliveryCases, eventOf, eventTypes, resourceIdOf, runnerOverrides, startListener, until } from '@cx/test-kit'
import { as, mergePatch, startTroubleTickets, V5 } from './test-support.ts'

interface DeadLetter { id: string, subscriptionId: string, eventType: string, resourceId: string, attempts: number, lastStatus: number, lastError: string, deadAt: string }
interface Stats { delivered: number, failed: number, deadLettered: number, lastError: string | null, flagged: boolean }

const DEAD = `${V5}/hub/deadLetter`

// Delivery guarantees through the HTTP surface of a real service, with real tokens, on both
// runners (the relay's own tests in @cx/events cover Redis outages and SIGKILL).
for (const { kind, runner } of deliveryCases()) {
  t.test(`hub delivery on ${kind}, ${runner}: signatures, retries, dead letters, replay`, async (t) => {
    const app = await startTroubleTickets(t, kind, await runnerOverrides(runner))
    const op = as(app, 'operator')
    const statsOf = async (id: string): Promise<Stats> => (await op({ method: 'GET', url: `${V5}/hub/${id}` })).json().deliveryStats

    t.test('a subscriber that fails twice then recovers gets each event once, in order, signed', async (t) => {
      const listener = await startListener(t)
      listener.respondWith = (_call, index) => (index < 2 ? 503 : 204)
      const secret = 'a-long-enough-secret'
      const hub = (await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: listener.url, secret } })).json()
      t.notOk('secret' in hub, 'the secret is write-only')
      const { id, href } = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
      await mergePatch(op, href, { status: 'inProgress' })
      // The resolution comes after the three in the ticket's chain: once it has arrived, a repeat of
      // any of them (a retry after a success) would be here too.
      const calls = await callsBeforeMarker(app.db, listener, async () => {
        await mergePatch(op, href, { status: 'resolved' })
        return callAbout(id, 'TroubleTicketResolvedEvent')
      })
      t.same(eventTypes(calls), ['TroubleTicketCreateEvent', 'TroubleTicketAttributeValueChangeEvent', 'TroubleTicketStatusChangeEvent', 'TroubleTicketAttributeValueChangeEvent', 'TroubleTicketStatusChangeEvent'], 'each once, in order')
      for (const call of calls) {
        const expected = `sha256=${createHmac('sha256', secret).update(call.rawBody).digest('hex')}`
        t.equal(call.headers['x-hub-signature-256'], expected, 'HMAC of the exact body')
        t.equal(call.headers['x-event-type'], (call.body as { eventType: string }).eventType)
      }
      const stats = await until('the six deliveries in the stats', async () => {
        const s = await statsOf(String(hub.id))
        return s.delivered === 6 ? s : undefined
      })
      t.match(stats, { delivered: 6, failed: 2, deadLettered: 0, flagged: false }, 'two failures counted, nothing dead, not flagged')
      t.match(stats.lastError, /HTTP 503/, 'the last error is kept after the recovery')
      t.notOk('secret' in (await op({ method: 'GET', url: `${V5}/hub/${String(hub.id)}` })).json())
    })

    t.test('a subscriber down for good: dead letters, filters, operator-only replay with real tokens', async (t) => {
      const listener = await startListener(t)
      listener.respondWith = () => 500
      const hub = (await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: listener.url, query: 'eventType=TroubleTicketCreateEvent,TroubleTicketStatusChangeEvent' } })).json()
      const deadLetters = async (query = ''): Promise<DeadLetter[]> => {
        const res = await op({ method: 'GET', url: `${DEAD}?subscriptionId=${String(hub.id)}${query}` })
        if (res.statusCode !== 200 || res.headers['x-total-count'] !== String(res.json().length)) throw new Error(`dead letter list: ${res.statusCode} ${res.body}`)
        return res.json()
      }
      const first = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ name: 'first' }) })).json()
      await until('the first dead letter', async () => (await deadLetters()).length === 1 ? true : undefined)
      // Every dead letter so far gave up before this instant, every later one after it.
      const mid = new Date().toISOString()
      const second = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ name: 'second' }) })).json()
      await mergePatch(op, first.href, { status: 'inProgress' })
      const dead = await until('three dead letters', async () => { const d = await deadLetters(); return d.length === 3 ? d : undefined })
      t.same(dead.map((d) => [d.resourceId, d.eventType]).sort(), [
        [first.id, 'TroubleTicketCreateEvent'], [first.id, 'TroubleTicketStatusChangeEvent'], [second.id, 'TroubleTicketCreateEvent']
      ].sort())
      t.ok(dead.every((d) => d.attempts === 3 && d.lastStatus === 500 && /HTTP 500/.test(d.lastError)), 'HUB_MAX_ATTEMPTS of the test configuration, each failing with 500')

      t.test('filters: eventType (OR), since, until', async (t) => {
        t.same((await deadLetters('&eventType=TroubleTicketStatusChangeEvent')).map((d) => d.resourceId), [first.id])
        t.equal((await deadLetters('&eventType=TroubleTicketStatusChangeEvent,TroubleTicketCreateEvent')).length, 3)
        t.equal((await deadLetters('&eventType=TroubleTicketResolvedEvent')).length, 0)
        const since = await deadLetters(`&since=${encodeURIComponent(mid)}`)
        t.same(since.map((d) => d.resourceId + d.eventType).sort(), [first.id + 'TroubleTicketStatusChangeEvent', second.id + 'TroubleTicketCreateEvent'].sort(), 'gave up at or after mid')
        t.same((await deadLetters(`&until=${encodeURIComponent(mid)}`)).map((d) => d.resourceId + d.eventType), [first.id + 'TroubleTicketCreateEvent'], 'gave up before mid')
        t.equal((await deadLetters(`&since=${encodeURIComponent(mid)}&until=${encodeURIComponent(mid)}`)).length, 0)
        const bad = await op({ method: 'GET', url: `${DEAD}?since=yesterday` })
        t.equal(bad.statusCode, 400)
        t.equal(bad.json()['@type'], 'Error')
      })

      t.test('deliveryStats show the dead letters, the last error and the flag', async (t) => {
        const stats = await statsOf(String(hub.id))
        t.match(stats, { delivered: 0, failed: 9, deadLettered: 3, flagged: true })
        t.match(stats.lastError, /HTTP 500/)
      })

      t.test('dead letters are an operator tool: partners get 403, anonymous callers 401', async (t) => {
        const partner = as(app, 'partner-a')
        for (const [method, url] of [['GET', DEAD], ['POST', `${DEAD}/replay`], ['POST', `${DEAD}/${dead[0]?.id ?? ''}/replay`]] as const) {
          const res = await partner({ method, url, ...(method === 'POST' ? { payload: { subscriptionId: hub.id } } : {}) })
          t.equal(res.statusCode, 403, `${method} ${url} as a partner`)
          t.match(res.json(), { '@type': 'Error', code: 'ERR403' })
          t.equal((await app.inject({ method, url })).statusCode, 401, `${method} ${url} without a token`)
        }
        t.equal((await deadLetters()).length, 3, 'nothing was replayed')
      })

      t.test('replay one by id, then the rest of the subscription; each is delivered once, in order', async (t) => {
        listener.respondWith = () => 204
        const one = dead.find((d) => d.resourceId === second.id)
        const replayed = await op({ method: 'POST', url: `${DEAD}/${one?.id ?? ''}/replay` })
        t.equal(replayed.statusCode, 202)
        t.same(replayed.json(), { replayed: 1 })
        t.ok((await listener.waitFor(1)).some(callAbout(second.id, 'TroubleTicketCreateEvent')))
        t.same((await deadLetters()).map((d) => d.resourceId), [first.id, first.id], 'only the replayed one left the list')
        const again = await op({ method: 'POST', url: `${DEAD}/${one?.id ?? ''}/replay` })
        t.equal(again.statusCode, 404, 'a replayed dead letter is no dead letter any more')
        t.equal(again.json()['@type'], 'Error')
        t.equal((await op({ method: 'POST', url: `${DEAD}/999999999/replay` })).statusCode, 404)

        const rest = await op({ method: 'POST', url: `${DEAD}/replay`, payload: { subscriptionId: hub.id } })
        t.equal(rest.statusCode, 202)
        t.same(rest.json(), { replayed: 2 })
        const calls = await callsBeforeMarker(app.db, listener, async () => {
          await mergePatch(op, first.href, { status: 'resolved' })
          return (call) => callAbout(first.id, 'TroubleTicketStatusChangeEvent')(call) && eventOf(call).event.troubleTicket?.status === 'resolved'
        })
        t.same(calls.map((c) => `${String(resourceIdOf(c))} ${(c.body as { eventType: string }).eventType}`), [
          `${second.id} TroubleTicketCreateEvent`, `${first.id} TroubleTicketCreateEvent`, `${first.id} TroubleTicketStatusChangeEvent`
        ], 'each replayed once; the first ticket\'s events in their order')
        t.same(await deadLetters(), [], 'nothing is dead any more')
        const stats = await until('the stats after the replay', async () => { const s = await statsOf(String(hub.id)); return s.delivered === 4 ? s : undefined })
        t.equal(stats.flagged, false, 'a success clears the flag')
      })
    })
  })
}
