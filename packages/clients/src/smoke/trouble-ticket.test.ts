import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { buildApp } from '@cx/trouble-ticket'
import { createTroubleTicketClient, pageCounts, PatchMediaType, type troubleTicketV5 } from '../index.ts'
import { serve, tokenSource } from './serve.ts'
import { hubSmoke } from './hub.ts'

type TroubleTicketFvo = troubleTicketV5.components['schemas']['TroubleTicket_FVO']

const aTicket = (customer: string, severity: string): TroubleTicketFvo => ({
  '@type': 'TroubleTicket',
  description: 'Broadband down since 08:00',
  severity,
  ticketType: 'Incident',
  relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: customer, '@referredType': 'Individual' } }],
  note: [{ '@type': 'Note', id: '1', text: 'first' }, { '@type': 'Note', id: '2', text: 'second' }]
})

for (const kind of storeKinds()) {
  t.test(`the TMF621 v5 client types real calls on ${kind}`, async (t) => {
    const origin = await serve(t, buildApp, kind)
    const source = tokenSource('operator')
    const client = createTroubleTicketClient({ baseUrl: `${origin}/tmf-api/troubleTicket/v5`, token: source.token })

    t.test('create: 201 with Location and ETag', async (t) => {
      const { data, response } = await client.POST('/troubleTicket', { body: aTicket('cust-smoke', 'Minor') })
      t.equal(response.status, 201)
      t.equal(data?.status, 'acknowledged')
      t.equal(response.headers.get('Location'), data?.href)
      t.equal(response.headers.get('ETag'), '"1"')
      t.ok(source.calls() >= 1, 'the token function is called per request')
    })

    t.test('list with filters, lastUpdate.gt, sort, offset/limit and X-Total-Count', async (t) => {
      const before = new Date(Date.now() - 60_000).toISOString()
      for (const severity of ['Major', 'Critical', 'Major']) await client.POST('/troubleTicket', { body: aTicket('cust-list', severity) })
      const { data, response } = await client.GET('/troubleTicket', {
        params: { query: { 'relatedParty.partyOrPartyRole.id': 'cust-list', 'relatedParty.role': 'customer', 'lastUpdate.gt': before, status: 'acknowledged', sort: '-severity', offset: 0, limit: 2 } }
      })
      t.equal(response.status, 200)
      t.same(pageCounts(response), { total: 3, count: 2 })
      t.match(response.headers.get('Link') ?? '', 'rel="next"')
      t.same(data?.map((tt) => tt.severity), ['Major', 'Major'])
      const later = await client.GET('/troubleTicket', { params: { query: { 'relatedParty.partyOrPartyRole.id': 'cust-list', 'lastUpdate.gt': new Date(Date.now() + 60_000).toISOString() } } })
      t.same(later.data, [], 'nothing changed after a future watermark')
      const bad = await client.GET('/troubleTicket', { params: { query: { limit: -1 } } })
      t.equal(bad.response.status, 400)
      t.equal(bad.error?.['@type'], 'Error', 'errors are typed as the TMF Error')
    })

    t.test('PATCH with each of the four media types', async (t) => {
      const created = (await client.POST('/troubleTicket', { body: aTicket('cust-patch', 'Minor') })).data
      if (created === undefined) throw new Error('create failed')
      const path = { id: created.id }
      const json = await client.PATCH('/troubleTicket/{id}', { params: { path, header: { 'if-match': '"1"' } }, body: { priority: '1' } })
      t.equal(json.data?.priority, '1', 'application/json is a merge patch')
      t.equal(json.response.headers.get('ETag'), '"2"')
      const merge = await client.PATCH('/troubleTicket/{id}', { params: { path }, body: { severity: 'Critical', priority: null }, headers: { 'Content-Type': PatchMediaType.mergePatch } })
      t.equal(merge.data?.severity, 'Critical')
      t.equal(merge.data?.priority, undefined, 'null removes the attribute')
      const jsonPatch = await client.PATCH('/troubleTicket/{id}', {
        params: { path },
        body: [{ op: 'replace', path: '/description', value: 'Outage in the area' }, { op: 'add', path: '/note/-', value: { '@type': 'Note', id: '3', text: 'third' } }],
        headers: { 'Content-Type': PatchMediaType.jsonPatch }
      })
      t.equal(jsonPatch.data?.description, 'Outage in the area')
      const query = await client.PATCH('/troubleTicket/{id}', {
        params: { path },
        body: [{ op: 'replace', path: '/note?id=2/text', value: 'second, edited' }],
        headers: { 'Content-Type': PatchMediaType.jsonPatchQuery }
      })
      t.same(query.data?.note?.map((n) => n.text), ['first', 'second, edited', 'third'])
      const stale = await client.PATCH('/troubleTicket/{id}', { params: { path, header: { 'if-match': '"1"' } }, body: { priority: '2' } })
      t.equal(stale.response.status, 412)
      const wrongShape = await client.PATCH('/troubleTicket/{id}', { params: { path }, body: { severity: 'Minor' }, headers: { 'Content-Type': PatchMediaType.jsonPatch } })
      t.equal(wrongShape.response.status, 400, 'a JSON Patch must be an operation array, as documented')
    })

    hubSmoke(t, client, 'TroubleTicketCreateEvent', async () => await client.POST('/troubleTicket', { body: aTicket('cust-hub', 'Major') }))
  })
}
