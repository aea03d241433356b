// The typed TMF623 client against the sla service (moved here from @cx/clients, which cannot depend on
// @cx/sla now that the sla service itself uses the clients).
import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { buildApp } from './app.ts'
import { createSlaManagementClient, pageCounts, PatchMediaType, type slaManagementV4 } from '@cx/clients'
import { hubSmoke, serve, tokenSource } from '@cx/clients/testing'

type SlaFvo = slaManagementV4.components['schemas']['Sla_FVO']
type SlaViolationFvo = slaManagementV4.components['schemas']['SlaViolation_FVO']

const party = (role: string, id: string, referredType: string): NonNullable<SlaFvo['relatedParty']>[number] =>
  ({ '@type': 'RelatedPartyRefOrPartyRoleRef', role, partyOrPartyRole: { '@type': 'PartyRoleRef', id, '@referredType': referredType } })

const anSla: SlaFvo = {
  '@type': 'Sla',
  name: 'Wholesale access SLA',
  validFor: { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2099-12-31T23:59:59Z' },
  relatedParty: [party('SLAProvider', 'partner-a', 'BusinessPartner'), party('SLAConsumer', 'csp', 'Organization')],
  rule: [{ '@type': 'SlaRule', id: 'ttr', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 8 }]
}

const aViolation = (slaId: string, date: string): SlaViolationFvo => ({
  '@type': 'SlaViolation',
  sla: { id: slaId },
  rule: { id: 'ttr' },
  date,
  actualValue: 31,
  relatedParty: [party('customer', 'cust-sla', 'Individual')],
  note: [{ '@type': 'Note', id: '1', text: 'first' }]
})

for (const kind of storeKinds()) {
  t.test(`the TMF623 client types real calls on ${kind}`, async (t) => {
    const origin = await serve(t, buildApp, kind)
    const client = createSlaManagementClient({ baseUrl: `${origin}/tmf-api/slaManagement/v4`, token: tokenSource('operator').token })
    const sla = await client.POST('/sla', { body: anSla })
    const slaId = sla.data?.id ?? ''
    for (const state of ['approved', 'active'] as const) await client.PATCH('/sla/{id}', { params: { path: { id: slaId } }, body: { state }, headers: { 'Content-Type': PatchMediaType.mergePatch } })

    t.test('create, then list with filters, date and lastUpdate.gt, sort and paging', async (t) => {
      t.equal(sla.response.status, 201)
      const since = new Date(Date.now() - 60_000).toISOString()
      for (const date of ['2025-03-01T10:00:00Z', '2025-03-05T10:00:00Z', '2025-03-09T10:00:00Z']) {
        const created = await client.POST('/slaViolation', { body: aViolation(slaId, date) })
        t.equal(created.response.status, 201)
      }
      const { data, response } = await client.GET('/slaViolation', {
        params: { query: { 'relatedParty.partyOrPartyRole.id': 'cust-sla', 'date.gt': '2025-03-02T00:00:00Z', 'lastUpdate.gt': since, sort: '-date', offset: 0, limit: 1 } }
      })
      t.same(pageCounts(response), { total: 2, count: 1 })
      t.same(data?.map((v) => Date.parse(v.date ?? '')), [Date.parse('2025-03-09T10:00:00Z')], 'the latest of the two after the date filter')
    })

    t.test('PATCH with each of the four media types', async (t) => {
      const created = (await client.POST('/slaViolation', { body: aViolation(slaId, '2025-04-01T10:00:00Z') })).data
      if (created === undefined) throw new Error('create failed')
      const path = { id: created.id }
      const json = await client.PATCH('/slaViolation/{id}', { params: { path }, body: { description: 'confirmed by the NOC' } })
      t.equal(json.data?.description, 'confirmed by the NOC')
      const merge = await client.PATCH('/slaViolation/{id}', { params: { path }, body: { description: null }, headers: { 'Content-Type': PatchMediaType.mergePatch } })
      t.equal(merge.data?.description, undefined, 'null removes the attribute')
      const jsonPatch = await client.PATCH('/slaViolation/{id}', { params: { path }, body: [{ op: 'add', path: '/note/-', value: { '@type': 'Note', id: '2', text: 'second' } }], headers: { 'Content-Type': PatchMediaType.jsonPatch } })
      t.equal(jsonPatch.data?.note?.length, 2)
      const query = await client.PATCH('/slaViolation/{id}', { params: { path }, body: [{ op: 'replace', path: '/note?id=2/text', value: 'second, edited' }], headers: { 'Content-Type': PatchMediaType.jsonPatchQuery } })
      t.same(query.data?.note?.map((n) => n.text), ['first', 'second, edited'])
    })

    hubSmoke(t, client, 'SlaViolationCreateEvent', async () => await client.POST('/slaViolation', { body: aViolation(slaId, '2025-05-01T10:00:00Z') }))
  })
}
