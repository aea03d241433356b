import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { buildApp } from '@cx/product-order'
import { createProductOrderingManagementClient, pageCounts, PatchMediaType, type productOrderingManagementV5 } from '../index.ts'
import { serve, tokenSource } from './serve.ts'
import { hubSmoke } from './hub.ts'

type ProductOrderFvo = productOrderingManagementV5.components['schemas']['ProductOrder_FVO']

const anOrder = (customer: string, category: string): ProductOrderFvo => ({
  '@type': 'ProductOrder',
  category,
  description: 'Fibre broadband with a Wi-Fi router',
  relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: customer, '@referredType': 'Individual' } }],
  note: [{ '@type': 'Note', id: '1', text: 'first' }],
  productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', action: 'add', quantity: 1, productOffering: { '@type': 'ProductOfferingRef', id: 'offer-1', name: 'Fibre 1G' } }]
})

for (const kind of storeKinds()) {
  t.test(`the TMF622 v5 client types real calls on ${kind}`, async (t) => {
    const origin = await serve(t, buildApp, kind)
    const client = createProductOrderingManagementClient({ baseUrl: `${origin}/tmf-api/productOrderingManagement/v5`, token: tokenSource('operator').token })

    t.test('create, then list with filters, lastUpdate.gt, sort and paging', async (t) => {
      const since = new Date(Date.now() - 60_000).toISOString()
      const created = await client.POST('/productOrder', { body: anOrder('cust-po', 'B2C') })
      t.equal(created.response.status, 201)
      t.equal(created.data?.state, 'acknowledged')
      t.equal(created.response.headers.get('ETag'), '"1"')
      await client.POST('/productOrder', { body: anOrder('cust-po', 'B2B') })
      await client.POST('/productOrder', { body: anOrder('cust-other', 'B2C') })
      const { data, response } = await client.GET('/productOrder', {
        params: { query: { 'relatedParty.partyOrPartyRole.id': 'cust-po', 'lastUpdate.gt': since, state: 'acknowledged', sort: 'category', offset: 0, limit: 1 } }
      })
      t.same(pageCounts(response), { total: 2, count: 1 })
      t.same(data?.map((o) => o.category), ['B2B'])
    })

    t.test('PATCH with each of the four media types', async (t) => {
      const created = (await client.POST('/productOrder', { body: anOrder('cust-patch', 'B2C') })).data
      if (created === undefined) throw new Error('create failed')
      const path = { id: created.id }
      const json = await client.PATCH('/productOrder/{id}', { params: { path }, body: { priority: '1' } })
      t.equal(json.data?.priority, '1')
      const merge = await client.PATCH('/productOrder/{id}', { params: { path }, body: { priority: null, description: 'Fibre 1G' }, headers: { 'Content-Type': PatchMediaType.mergePatch } })
      t.same([merge.data?.priority, merge.data?.description], [undefined, 'Fibre 1G'])
      const jsonPatch = await client.PATCH('/productOrder/{id}', { params: { path }, body: [{ op: 'add', path: '/note/-', value: { '@type': 'Note', id: '2', text: 'second' } }], headers: { 'Content-Type': PatchMediaType.jsonPatch } })
      t.equal(jsonPatch.data?.note?.length, 2)
      const query = await client.PATCH('/productOrder/{id}', { params: { path }, body: [{ op: 'replace', path: '/note?id=1/text', value: 'first, edited' }], headers: { 'Content-Type': PatchMediaType.jsonPatchQuery } })
      t.same(query.data?.note?.map((n) => n.text), ['first, edited', 'second'])
    })

    hubSmoke(t, client, 'ProductOrderCreateEvent', async () => await client.POST('/productOrder', { body: anOrder('cust-hub', 'B2C') }))
  })
}
