import t from 'tap'
import { aPartyRef, aTroubleTicket, startListener, storeKinds, type ReceivedCall } from '@cx/test-kit'
import { as, mergePatch, startTroubleTickets, V4, V5 } from './test-support.ts'

type Body = Record<string, unknown>
interface Envelope { eventType: string, source: Body, event: { troubleTicket: Body } }

const envelopeOf = (call: ReceivedCall | undefined): Envelope => call?.body as Envelope
const about = (id: string) => (call: ReceivedCall): boolean => (envelopeOf(call).event.troubleTicket.id === id)

// Issue 8 §3: hubs and events as the TMF v5 OAS (TMF621 v5.0.1) and TMF630 describe them.
for (const kind of storeKinds()) {
  t.test(`TMF621 hub and event contract on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')

    t.test('POST /hub takes the Extensible attributes of Hub_FVO and gives them back', async (t) => {
      const listener = await startListener(t)
      const payload = { '@type': 'TicketHub', '@baseType': 'Hub', '@schemaLocation': 'https://example.org/schemas/TicketHub.json', callback: listener.url }
      const created = await op({ method: 'POST', url: `${V5}/hub`, payload })
      t.equal(created.statusCode, 201, created.body)
      t.match(created.json(), { '@type': 'TicketHub', '@baseType': 'Hub', '@schemaLocation': 'https://example.org/schemas/TicketHub.json', callback: listener.url })
      const read = await op({ method: 'GET', url: `${V5}/hub/${String(created.json().id)}` })
      t.match(read.json(), { '@type': 'TicketHub', '@baseType': 'Hub', '@schemaLocation': 'https://example.org/schemas/TicketHub.json' })
      const plain = await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: listener.url } })
      t.equal(plain.json()['@type'], 'Hub', '@type defaults to Hub')
      t.notOk('@baseType' in plain.json())
      const stranger = await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Listener', callback: listener.url } })
      t.equal(stranger.statusCode, 400)
      t.match(stranger.json(), { '@type': 'Error', code: 'ERR400-TYPE' })
    })

    t.test('a subscription query is checked against the event\'s typed paths, like a list filter', async (t) => {
      const subscribe = async (query: string, root = V5): Promise<{ statusCode: number, json: () => Body }> =>
        await op({ method: 'POST', url: `${root}/hub`, payload: { callback: 'http://127.0.0.1:9/listener', query } })
      for (const [query, code, what] of [
        ['event.troubleTicket.lastUpdate.gte=2020-13-45', 'ERR400', 'a date that does not exist'],
        ['eventTime.gt=yesterday', 'ERR400', 'an envelope date that is no date'],
        ['eventType=TroubleTicketCreateEvnt', 'ERR400-ENUM', 'a misspelt event type'],
        ['eventType=TroubleTicketCreateEvent,ProductOrderCreateEvent', 'ERR400-ENUM', 'another API\'s event type'],
        ['event.troubleTicket.status=resolvd', 'ERR400-ENUM', 'a status outside the lifecycle'],
        ['event.productOrder.state=completed', 'ERR400-EVENT-PATH', 'a payload this API never carries'],
        ['event.troubleTicket.statusChangeHistory=x', 'ERR400', 'a structured attribute']
      ] as const) {
        const res = await subscribe(query)
        t.equal(res.statusCode, 400, `${what}: ${query}`)
        t.match(res.json(), { '@type': 'Error', code }, what)
      }
      t.equal((await subscribe('timeOcurred.lt=2020-02-30T00:00:00Z', V4)).statusCode, 400, 'v4 envelope spelling, typed too')
      for (const query of ['eventType=TroubleTicketResolvedEvent,TroubleTicketStatusChangeEvent&event.troubleTicket.status=resolved,closed',
        'event.troubleTicket.lastUpdate.gte=2020-01-01T00:00:00%2B02:00&eventTime.lt=2100-01-01', 'event.troubleTicket.severity=AnyText']) {
        t.equal((await subscribe(query)).statusCode, 201, query)
      }
    })

    t.test('typed queries compare as they were checked: dates as instants, v4 names on v4 hubs', async (t) => {
      const v5 = await startListener(t)
      const v4 = await startListener(t)
      // A bound with an offset: the stored creationDate is UTC, so they must compare as instants.
      const since = encodeURIComponent('2020-01-02T09:00:00+14:00')
      t.equal((await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: v5.url, query: `eventType=TroubleTicketCreateEvent&event.troubleTicket.creationDate.gte=${since}` } })).statusCode, 201)
      t.equal((await op({ method: 'POST', url: `${V4}/hub`, payload: { callback: v4.url, query: 'eventType=TroubleTicketCreateEvent&event.troubleTicket.relatedParty.id=cust-777' } })).statusCode, 201)
      await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })
      const named = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ relatedParty: [aPartyRef('customer', 'cust-777')] }) })).json()
      await v5.waitFor(2)
      const [call] = await v4.waitFor(1)
      t.equal(envelopeOf(call).event.troubleTicket.id, named.id, 'the v4 flat path relatedParty.id reached the ticket naming cust-777')
    })

    t.test('v4 deliveries carry v4 hrefs, in the source and in the resource', async (t) => {
      const listener = await startListener(t)
      await op({ method: 'POST', url: `${V4}/hub`, payload: { callback: listener.url, query: 'eventType=TroubleTicketCreateEvent,TroubleTicketStatusChangeEvent' } })
      const ticket = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
      await mergePatch(op, String(ticket.href), { status: 'inProgress' })
      const calls = (await listener.waitFor(2)).filter(about(String(ticket.id)))
      t.equal(calls.length, 2)
      for (const call of calls) {
        const envelope = envelopeOf(call)
        t.equal(envelope.source.href, `${V4}/troubleTicket/${String(ticket.id)}`, `${envelope.eventType}: source.href`)
        t.equal(envelope.event.troubleTicket.href, `${V4}/troubleTicket/${String(ticket.id)}`, `${envelope.eventType}: resource href`)
      }
    })

    t.test('TroubleTicketDeleteEvent carries a TroubleTicketRef (TMF621 v5 TroubleTicketDeleteEventPayload)', async (t) => {
      const v5 = await startListener(t)
      const v4 = await startListener(t)
      await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: v5.url, query: 'eventType=TroubleTicketDeleteEvent' } })
      await op({ method: 'POST', url: `${V4}/hub`, payload: { callback: v4.url, query: 'eventType=TroubleTicketDeleteEvent' } })
      const ticket = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ name: 'Line down' }) })).json()
      t.equal((await op({ method: 'DELETE', url: String(ticket.href) })).statusCode, 204)
      const [fromV5] = await v5.waitFor(1)
      t.same(envelopeOf(fromV5).event.troubleTicket, { '@type': 'TroubleTicketRef', id: ticket.id, href: ticket.href, name: 'Line down', '@referredType': 'TroubleTicket' })
      t.equal(envelopeOf(fromV5).eventType, 'TroubleTicketDeleteEvent')
      const [fromV4] = await v4.waitFor(1)
      t.same(envelopeOf(fromV4).event.troubleTicket, { '@type': 'TroubleTicketRef', id: ticket.id, href: `${V4}/troubleTicket/${String(ticket.id)}`, name: 'Line down', '@referredType': 'TroubleTicket' })
    })
  })
}
