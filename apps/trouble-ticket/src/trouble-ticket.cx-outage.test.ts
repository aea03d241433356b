import t from 'tap'
import { aPartyRef, aTroubleTicket, outboxEvents, storeKinds, MERGE_PATCH } from '@cx/test-kit'
import { as, mergePatch, startTroubleTickets, V5 } from './test-support.ts'

type Body = Record<string, unknown>

/** An outage of partner fibreco's access network in Lyon. */
export function anOutage (overrides: Body = {}): Body {
  return {
    '@type': 'CxOutage',
    '@baseType': 'TroubleTicket',
    name: 'Fibre cut in Lyon',
    description: 'A fibre cut near Lyon Part-Dieu takes broadband down',
    severity: 'Critical',
    ticketType: 'Outage',
    expectedResolutionDate: '2026-03-01T14:00:00.000Z',
    impact: { '@type': 'OutageImpact', place: [{ city: 'Lyon' }], productOffering: [{ id: 'po-fibre-1g', '@referredType': 'ProductOffering' }] },
    relatedParty: [aPartyRef('partner', 'fibreco', 'BusinessPartner')],
    ...overrides
  }
}

for (const kind of storeKinds()) {
  t.test(`CxOutage, the outage subclass of TMF621, on ${kind}`, async (t) => {
    const now = new Date('2026-03-01T09:10:00.000Z')
    const app = await startTroubleTickets(t, kind, { now: () => now })
    const op = as(app, 'operator')

    t.test('an outage is created with its impact, and refused when it breaks the subclass', async (t) => {
      const res = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: anOutage() })
      t.equal(res.statusCode, 201, 'created')
      t.match(res.json(), { '@type': 'CxOutage', '@baseType': 'TroubleTicket', ticketType: 'Outage', status: 'acknowledged', impact: { place: [{ city: 'Lyon' }] } })
      t.notOk('repeatContactCount' in res.json(), 'outages are not threaded')
      const bad: Array<[string, Body]> = [
        ['no impact', anOutage({ impact: undefined })],
        ['an empty impact', anOutage({ impact: { productOffering: [], place: [], customer: [] } })],
        ['a place without city or postCode', anOutage({ impact: { place: [{ country: 'FR' }] } })],
        ['ticketType Outage on a plain TroubleTicket', anOutage({ '@type': 'TroubleTicket', '@baseType': undefined })],
        ['CxOutage with another ticketType', anOutage({ ticketType: 'Incident' })],
        ['a malformed impact', anOutage({ impact: { place: 'Lyon' } })]
      ]
      for (const [what, body] of bad) {
        const r = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: JSON.parse(JSON.stringify(body)) })
        t.equal(r.statusCode, 400, what)
        t.match(r.json(), { '@type': 'Error', status: '400' }, what)
      }
      const outage = res.json()
      const emptied = await mergePatch(op, outage.href, { impact: { place: null, productOffering: null } })
      t.equal(emptied.statusCode, 400, 'a PATCH cannot empty the impact either')
      t.equal((await mergePatch(op, outage.href, { impact: { place: [{ postCode: '69003' }] } })).statusCode, 200, 'the impact may change while it is open')
    })

    t.test('resolving an outage resolves its open children with a note, each with its own resolved event', async (t) => {
      const outage = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: anOutage() })).json()
      const child = async (status: string[]): Promise<Body & { id: string, href: string }> => {
        const c = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ troubleTicketRelationship: [{ id: outage.id, relationshipType: 'isChildOf' }] }) })).json()
        for (const s of status) t.equal((await mergePatch(op, c.href, { status: s })).statusCode, 200)
        return c
      }
      const fresh = await child([])
      const working = await child(['inProgress'])
      const held = await child(['inProgress', 'held'])
      const done = await child(['inProgress', 'resolved', 'closed'])
      const unrelated = await child([])
      const children = [fresh, working, held, done].map((c) => ({ '@type': 'TroubleTicketRelationship', id: c.id, href: c.href, relationshipType: 'isParentOf' }))
      t.equal((await mergePatch(op, outage.href, { troubleTicketRelationship: children, status: 'inProgress' })).statusCode, 200)

      const resolved = await mergePatch(op, outage.href, { status: 'resolved', statusChangeReason: 'fibre spliced' })
      t.equal(resolved.statusCode, 200, resolved.body)
      for (const c of [fresh, working, held]) {
        const got = (await op({ method: 'GET', url: c.href })).json()
        t.equal(got.status, 'resolved')
        t.equal(got.statusChangeReason, `outage ${String(outage.id)} resolved`)
        t.match(got.note.at(-1).text, /Resolved with the outage it was part of: Fibre cut in Lyon .*fibre spliced/)
        t.equal(got.resolutionDate, now.toISOString())
        const events = (await outboxEvents(app, { resourceId: c.id })).map((e) => e.eventType)
        t.ok(events.includes('TroubleTicketResolvedEvent'), 'its own resolved event (survey invitations follow it)')
      }
      t.equal((await op({ method: 'GET', url: done.href })).json().status, 'closed', 'a closed child stays closed')
      t.equal((await op({ method: 'GET', url: unrelated.href })).json().status, 'acknowledged', 'a ticket not listed on the outage is untouched')
    })

    t.test('partner scope: a partner sees the outages of its own share only', async (t) => {
      const mine = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: anOutage() })).json()
      const theirs = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: anOutage({ relatedParty: [aPartyRef('partner', 'mobico', 'BusinessPartner')] }) })).json()
      const fibreco = as(app, 'fibreco')
      const list = (await fibreco({ method: 'GET', url: `${V5}/troubleTicket?ticketType=Outage&limit=1000` })).json() as Body[]
      t.ok(list.some((d) => d.id === mine.id))
      t.notOk(list.some((d) => d.id === theirs.id))
      t.equal((await fibreco({ method: 'PATCH', url: theirs.href, headers: MERGE_PATCH, payload: { status: 'inProgress' } })).statusCode, 404)
    })
  })
}
