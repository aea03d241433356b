import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { buildApp } from '@cx/customer'
import { createCustomerManagementClient, pageCounts, PatchMediaType, type customerManagementV5 } from '../index.ts'
import { serve, tokenSource } from './serve.ts'
import { hubSmoke } from './hub.ts'

type CustomerFvo = customerManagementV5.components['schemas']['Customer_FVO']

const aCustomer = (name: string): CustomerFvo => ({
  '@type': 'Customer',
  name,
  engagedParty: { '@type': 'PartyRef', id: `party-${name}`, '@referredType': 'Individual' },
  contactMedium: [
    { '@type': 'EmailContactMedium', contactType: 'personal', emailAddress: 'ada@example.org' },
    { '@type': 'PhoneContactMedium', contactType: 'mobile', phoneNumber: '+441632960001' }
  ]
})

for (const kind of storeKinds()) {
  t.test(`the TMF629 v5 client types real calls on ${kind}`, async (t) => {
    const origin = await serve(t, buildApp, kind)
    const client = createCustomerManagementClient({ baseUrl: `${origin}/tmf-api/customerManagement/v5`, token: tokenSource('operator').token })

    t.test('create, then list with filters, lastUpdate.gt, sort and paging', async (t) => {
      const since = new Date(Date.now() - 60_000).toISOString()
      const created = await client.POST('/customer', { body: aCustomer('Ada') })
      t.equal(created.response.status, 201)
      t.equal(created.response.headers.get('Location'), created.data?.href)
      for (const name of ['Bea', 'Cy']) await client.POST('/customer', { body: aCustomer(name) })
      const { data, response } = await client.GET('/customer', { params: { query: { status: 'Initialized', 'lastUpdate.gt': since, sort: '-name', offset: 1, limit: 1 } } })
      t.equal(response.status, 200)
      t.same(pageCounts(response), { total: 3, count: 1 })
      t.same(data?.map((c) => c.name), ['Bea'])
    })

    t.test('PATCH with each of the four media types', async (t) => {
      const created = (await client.POST('/customer', { body: aCustomer('Dee') })).data
      if (created === undefined) throw new Error('create failed')
      const path = { id: created.id }
      const json = await client.PATCH('/customer/{id}', { params: { path }, body: { description: 'VIP' } })
      t.equal(json.data?.description, 'VIP')
      const merge = await client.PATCH('/customer/{id}', { params: { path }, body: { description: null }, headers: { 'Content-Type': PatchMediaType.mergePatch } })
      t.equal(merge.data?.description, undefined, 'null removes the attribute')
      const removeRequired = await client.PATCH('/customer/{id}', { params: { path }, body: { name: null }, headers: { 'Content-Type': PatchMediaType.mergePatch } })
      t.equal(removeRequired.response.status, 400, 'a required attribute cannot be removed')
      const jsonPatch = await client.PATCH('/customer/{id}', { params: { path }, body: [{ op: 'replace', path: '/contactMedium/0/emailAddress', value: 'dee@example.org' }], headers: { 'Content-Type': PatchMediaType.jsonPatch } })
      t.equal(jsonPatch.response.status, 200)
      const query = await client.PATCH('/customer/{id}', { params: { path }, body: [{ op: 'replace', path: '/contactMedium?contactType=mobile/phoneNumber', value: '+441632960002' }], headers: { 'Content-Type': PatchMediaType.jsonPatchQuery } })
      t.equal(query.response.status, 200)
      t.same(query.data?.contactMedium?.map((c) => c['@type'] === 'EmailContactMedium' ? c.emailAddress : c['@type'] === 'PhoneContactMedium' ? c.phoneNumber : undefined), ['dee@example.org', '+441632960002'])
    })

    hubSmoke(t, client, 'CustomerCreateEvent', async () => await client.POST('/customer', { body: aCustomer('Eve') }))
  })
}
