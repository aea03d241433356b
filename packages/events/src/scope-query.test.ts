import t from 'tap'
import { callsBeforeMarker, startListener, waitUntil, type Listener, type ReceivedCall } from '@cx/test-kit'
import { createHubStore } from './hub-store.ts'
import { deliveryStates, openTestDb, startRelay, testConfig, writeEvents } from './testing/harness.ts'

type Body = { eventType: string, event: { troubleTicket: Record<string, unknown> } }
const ticketsOf = (calls: ReadonlyArray<{ body: unknown }>): Array<Record<string, unknown>> => calls.map((c) => (c.body as Body).event.troubleTicket)

t.test('partner scope, query filters and fields on delivered events', async (t) => {
  const db = await openTestDb(t, 'postgres')
  const hubs = createHubStore(db)
  const [operator, partnerA, partnerB, critical, projected] = await Promise.all([1, 2, 3, 4, 5].map(async () => await startListener(t)))
  const sub = async (l: { url: string }, query: string | null, ownerPartner: string | null): Promise<void> => {
    await hubs.create({ api: 'troubleTicket', version: 'v5', callback: l.url, query, ownerPartner, secret: null })
  }
  await sub(operator!, null, null)
  await sub(partnerA!, null, 'A')
  await sub(partnerB!, null, 'B')
  await sub(critical!, 'eventType=TroubleTicketStatusChangeEvent,TroubleTicketResolvedEvent&event.troubleTicket.severity=Critical', null)
  await sub(projected!, 'eventType=TroubleTicketCreateEvent&fields=severity', 'A')
  const relay = startRelay(t, { db })
  await relay.ready

  await writeEvents(db, [
    { resourceId: 'A1', eventType: 'TroubleTicketCreateEvent', parties: ['A', 'cust1'], doc: { severity: 'Critical', status: 'new' } },
    { resourceId: 'A1', eventType: 'TroubleTicketStatusChangeEvent', parties: ['A', 'cust1'], doc: { severity: 'Critical', status: 'resolved' } },
    { resourceId: 'A2', eventType: 'TroubleTicketStatusChangeEvent', parties: ['A'], doc: { severity: 'Minor', status: 'resolved' } },
    { resourceId: 'C1', eventType: 'TroubleTicketResolvedEvent', parties: ['C'], doc: { severity: 'Critical' } },
    { resourceId: 'X1', eventType: 'TroubleTicketCreateEvent', parties: [], doc: { severity: 'Major' } },
    { resourceId: 'P1', eventType: 'ProductOrderCreateEvent', api: 'productOrder', resourceName: 'productOrder', parties: ['A'] }
  ], relay)
  // Markers every subscription must receive (M1: all but the projected one, which takes creates
  // only; M2: that one): once each has arrived and nothing earlier is pending, every listener holds
  // all it will ever get of the six events above.
  const [m1, m2] = await writeEvents(db, [
    { resourceId: 'M1', eventType: 'TroubleTicketStatusChangeEvent', parties: ['A', 'B'], doc: { severity: 'Critical' } },
    { resourceId: 'M2', eventType: 'TroubleTicketCreateEvent', parties: ['A'] }
  ], relay)
  const before = async (l: Listener, markerId: string | undefined): Promise<ReceivedCall[]> =>
    (await callsBeforeMarker(db, l, async () => (call) => call.headers['x-event-id'] === markerId)).filter((c) => !['M1', 'M2'].includes(String((c.body as Body).event.troubleTicket.id)))
  const ids = (calls: ReceivedCall[]): string[] => ticketsOf(calls).map((x) => String(x.id))

  t.same(ids(await before(operator!, m1)).sort(), ['A1', 'A1', 'A2', 'C1', 'X1'], 'the operator hears about every ticket (and nothing of another API)')
  t.same(ids(await before(partnerA!, m1)).sort(), ['A1', 'A1', 'A2'], 'partner A: its tickets only')
  t.same(await before(partnerB!, m1), [], 'partner B receives nothing about partner A\'s tickets')
  t.same((await before(critical!, m1)).map((c) => `${(c.body as Body).eventType}:${String((c.body as Body).event.troubleTicket.id)}`).sort(),
    ['TroubleTicketResolvedEvent:C1', 'TroubleTicketStatusChangeEvent:A1'], 'eventType OR and an attribute filter')
  t.same(ticketsOf(await before(projected!, m2)), [{ id: 'A1', href: '/tmf-api/troubleTicket/v5/troubleTicket/A1', '@type': 'TroubleTicket', severity: 'Critical' }], 'fields projects the resource')
})

t.test('SSRF at delivery time: outside embedded mode a loopback callback is refused and dead-lettered', async (t) => {
  const db = await openTestDb(t, 'postgres')
  const hubs = createHubStore(db)
  const listener = await startListener(t)
  // Accepted earlier (say the name resolved elsewhere then): delivery checks again.
  const s = await hubs.create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: null })
  const relay = startRelay(t, { db, config: testConfig({ maxAttempts: 2, retryBaseMs: 10, policy: { mode: 'production', allowHosts: [] } }) })
  await relay.ready
  await writeEvents(db, [{ resourceId: 'T9' }], relay)
  await waitUntil('dead letter', async () => (await deliveryStates(db)).dead === 1)
  t.equal(listener.received.length, 0, 'never called')
  t.match((await hubs.get(s.id))?.stats.lastError, /loopback address \(127\.0\.0\.1\), which is not allowed/)
})
