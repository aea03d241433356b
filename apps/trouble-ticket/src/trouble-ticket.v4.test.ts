import t from 'tap'
import { MERGE_PATCH, storeKinds } from '@cx/test-kit'
import { as, startTroubleTickets, V4, V5 } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF621 v4 and v5 share one stored ticket on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')

    t.test('a v4 create (flat refs, externalId, no @type) is stored as v5 and read back in both shapes', async (t) => {
      const res = await op({
        method: 'POST',
        url: `${V4}/troubleTicket`,
        payload: {
          description: 'No dial tone',
          severity: 'Minor',
          ticketType: 'Incident',
          externalId: 'CRM-77',
          relatedParty: [{ id: 'c9', role: 'customer', '@referredType': 'Individual' }],
          relatedEntity: [{ id: 'bill-1', role: 'disputedBill', '@referredType': 'CustomerBill' }]
        }
      })
      t.equal(res.statusCode, 201)
      const v4 = res.json()
      t.equal(v4.href, `${V4}/troubleTicket/${v4.id}`)
      t.equal(res.headers.location, v4.href)
      t.same(v4.relatedParty[0], { role: 'customer', id: 'c9', '@referredType': 'Individual' })
      t.equal(v4.externalId, 'CRM-77')
      t.same(v4.statusChange.map((s: { status: string }) => s.status), ['acknowledged'])
      t.ok(v4.statusChange[0].changeDate)

      const v5 = (await op({ method: 'GET', url: `${V5}/troubleTicket/${v4.id}` })).json()
      t.equal(v5['@type'], 'TroubleTicket')
      t.same(v5.relatedParty[0].partyOrPartyRole, { '@type': 'PartyRef', id: 'c9', '@referredType': 'Individual' })
      t.same(v5.relatedEntity[0], { '@type': 'RelatedEntity', role: 'disputedBill', entity: { '@type': 'EntityRef', id: 'bill-1', '@referredType': 'CustomerBill' } })
      t.same(v5.externalIdentifier, [{ '@type': 'ExternalIdentifier', id: 'CRM-77' }])
      t.equal(v5.statusChangeHistory[0].status, 'acknowledged')
      t.notOk('statusChange' in v5)
    })

    t.test('a v4 PATCH (merge and json-patch) on the v4 shape updates the v5 document', async (t) => {
      const { id } = (await op({ method: 'POST', url: `${V4}/troubleTicket`, payload: { description: 'd', severity: 'Minor', ticketType: 'Incident', relatedParty: [{ id: 'c1', role: 'customer', '@referredType': 'Individual' }] } })).json()
      const merge = await op({ method: 'PATCH', url: `${V4}/troubleTicket/${id}`, headers: MERGE_PATCH, payload: { status: 'inProgress', externalId: 'X-1' } })
      t.equal(merge.statusCode, 200)
      t.same(merge.json().statusChange.map((s: { status: string }) => s.status), ['acknowledged', 'inProgress'])
      const jp = await op({ method: 'PATCH', url: `${V4}/troubleTicket/${id}`, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'replace', path: '/relatedParty/0/id', value: 'c2' }] })
      t.equal(jp.statusCode, 200)
      const v5 = (await op({ method: 'GET', url: `${V5}/troubleTicket/${id}` })).json()
      t.equal(v5.relatedParty[0].partyOrPartyRole.id, 'c2')
      t.same(v5.externalIdentifier, [{ '@type': 'ExternalIdentifier', id: 'X-1' }])
      t.equal(v5.status, 'inProgress')
    })

    t.test('v4 requires its own mandatory attributes', async (t) => {
      const res = await op({ method: 'POST', url: `${V4}/troubleTicket`, payload: { description: 'x', severity: 'Minor' } })
      t.equal(res.statusCode, 400)
      t.match(res.json().message, 'ticketType')
    })
  })
}
