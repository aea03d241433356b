import { randomUUID } from 'node:crypto'
import t from 'tap'
import { signBody } from '@cx/events'
import { storeKinds } from '@cx/test-kit'
import {
  as, C360, createCustomer, createTicket, HUB_SECRET, startCx, startSources, the360, urlOf
} from './test-support.ts'
import type { FastifyInstance } from 'fastify'

type Body = Record<string, unknown>

/** A TroubleTicket event as a source hub would deliver it, signed with `secret`. */
function ticketEvent (eventType: string, ticket: Body, secret = HUB_SECRET, eventId = randomUUID()): { body: string, headers: Record<string, string> } {
  const body = JSON.stringify({ '@type': eventType, eventId, eventType, eventTime: String(ticket.lastUpdate), event: { troubleTicket: ticket } })
  return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(secret, body), 'x-event-id': eventId, 'x-event-type': eventType } }
}

async function deliver (cx: FastifyInstance, e: { body: string, headers: Record<string, string> }): Promise<number> {
  const res = await cx.inject({ method: 'POST', url: '/cx/listener/troubleTicket', payload: e.body, headers: e.headers })
  return res.statusCode
}

/** What the read model holds for a customer: its entities and journey, as comparable JSON. */
async function snapshot (cx: FastifyInstance, customerId: string): Promise<string> {
  const entities = (await cx.db.query('SELECT kind, id, last_update, deleted, doc FROM cx_entity WHERE customer_id = $1 ORDER BY kind, id', [customerId])).rows
  const journey = (await cx.db.query('SELECT id, doc FROM cx_journey WHERE customer_id = $1 ORDER BY id', [customerId])).rows
  const views = (await cx.db.query('SELECT viewer, doc FROM cx_customer360 WHERE customer_id = $1 ORDER BY viewer', [customerId])).rows
  return JSON.stringify({ entities, journey, views })
}

for (const kind of storeKinds()) {
  t.test(`cx inbox on ${kind}: signatures, duplicates, reordering, deletions`, async (t) => {
    const sources = await startSources(t, kind)
    const cx = await startCx(t, kind, urlOf(sources))
    const src = as(sources, 'operator')
    const customer = await createCustomer(src, 'Alan Turing', ['fibreco'])
    const ticket = await createTicket(src, customer.id, 'fibreco')
    await the360(cx, 'operator', customer.id, (d) => (d.troubleTicket as Body[]).length === 1)

    const v1 = { ...ticket, lastUpdate: '2030-01-01T10:00:00.000Z', name: 'version 1' }
    const v2 = { ...ticket, lastUpdate: '2030-01-01T10:00:05.000Z', name: 'version 2', status: 'inProgress', statusChangeHistory: [...(ticket.statusChangeHistory as Body[]), { '@type': 'StatusChange', status: 'inProgress', statusChangeDate: '2030-01-01T10:00:05.000Z' }] }
    const nameIn360 = async (): Promise<unknown> => ((await as(cx, 'operator')({ method: 'GET', url: `${C360}/${customer.id}` })).json().troubleTicket as Body[])[0]?.name

    t.test('a forged or missing signature is a 401 and changes nothing', async (t) => {
      const before = await snapshot(cx, customer.id)
      const forged = ticketEvent('TroubleTicketAttributeValueChangeEvent', v2, 'not-the-secret-at-all')
      t.equal(await deliver(cx, forged), 401)
      const unsigned = ticketEvent('TroubleTicketAttributeValueChangeEvent', v2)
      delete unsigned.headers['x-hub-signature-256']
      const res = await cx.inject({ method: 'POST', url: '/cx/listener/troubleTicket', payload: unsigned.body, headers: unsigned.headers })
      t.equal(res.statusCode, 401)
      t.equal(res.json()['@type'], 'Error')
      const tampered = ticketEvent('TroubleTicketAttributeValueChangeEvent', v2)
      t.equal(await deliver(cx, { ...tampered, body: tampered.body.replace('version 2', 'version 3') }), 401, 'a body changed after signing')
      t.equal(await snapshot(cx, customer.id), before, 'the read model is untouched')
      const inbox = await cx.db.query('SELECT 1 FROM cx_inbox WHERE event_id = $1', [forged.headers['x-event-id']])
      t.equal(inbox.rows.length, 0, 'a refused event is not recorded as seen')
    })

    t.test('duplicates and out-of-order versions give the same read model', async (t) => {
      const e1 = ticketEvent('TroubleTicketAttributeValueChangeEvent', v1)
      const e2 = ticketEvent('TroubleTicketStatusChangeEvent', v2)
      t.equal(await deliver(cx, e2), 204, 'the newer version first')
      const afterNewer = await snapshot(cx, customer.id)
      t.equal(await nameIn360(), 'version 2')
      t.equal(await deliver(cx, e1), 204, 'an older version arriving late is acknowledged…')
      t.equal(await snapshot(cx, customer.id), afterNewer, '…and changes nothing')
      t.equal(await deliver(cx, e2), 204, 'the same event again is acknowledged…')
      t.equal(await deliver(cx, ticketEvent('TroubleTicketAttributeValueChangeEvent', v2)), 204, 'the same version under another event id too')
      t.equal(await snapshot(cx, customer.id), afterNewer, '…and changes nothing')
      t.equal(await nameIn360(), 'version 2')
      const seen = await cx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cx_inbox WHERE event_id = $1', [e2.headers['x-event-id']])
      t.equal(seen.rows[0]?.n, 1, 'an event id is recorded once')
    })

    t.test('a deletion is final: an older version cannot bring the record back', async (t) => {
      const deleted = ticketEvent('TroubleTicketDeleteEvent', { id: ticket.id, href: ticket.href, '@type': 'TroubleTicketRef', lastUpdate: '2030-01-01T10:00:06.000Z' })
      t.equal(await deliver(cx, deleted), 204)
      const gone = await the360(cx, 'operator', customer.id, (d) => (d.troubleTicket as Body[]).length === 0)
      t.same(gone.troubleTicket, [])
      t.equal(await deliver(cx, ticketEvent('TroubleTicketAttributeValueChangeEvent', v2)), 204)
      t.same((await as(cx, 'operator')({ method: 'GET', url: `${C360}/${customer.id}` })).json().troubleTicket, [], 'still gone')
      const journey = await cx.db.query('SELECT 1 FROM cx_journey WHERE entity_key = $1', [`troubleTicket/${ticket.id}`])
      t.equal(journey.rows.length, 0, 'its journey events went with it')
    })

    t.test('bad notifications are 4xx TMF errors', async (t) => {
      const notJson = 'not json'
      const res = await cx.inject({ method: 'POST', url: '/cx/listener/troubleTicket', payload: notJson, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(HUB_SECRET, notJson) } })
      t.equal(res.statusCode, 400)
      t.equal(res.json()['@type'], 'Error')
      const nul = ticketEvent('TroubleTicketAttributeValueChangeEvent', { ...v2, lastUpdate: '2031-01-01T00:00:00.000Z', name: 'a\u0000b' })
      const refused = await cx.inject({ method: 'POST', url: '/cx/listener/troubleTicket', payload: nul.body, headers: nul.headers })
      t.equal(refused.statusCode, 400, 'a signed body PostgreSQL could not store is still a 400, not a 500')
      t.equal(refused.json().code, 'ERR400-INVALID-CHARACTER')
      const unknown = await cx.inject({ method: 'POST', url: '/cx/listener/nothing', payload: '{}', headers: { 'content-type': 'application/json' } })
      t.equal(unknown.statusCode, 404)
    })
  })
}
