import t from 'tap'
import { aTroubleTicket, MERGE_PATCH, storeKinds } from '@cx/test-kit'
import { as, startTroubleTickets, V5 } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF621 create, read, patch, delete on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')

    t.test('POST creates with server-assigned id, href, dates, Location and the initial status', async (t) => {
      const res = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ id: 'client-id', requestedResolutionDate: '2030-01-01T10:00:00+02:00' }) })
      t.equal(res.statusCode, 201)
      const body = res.json()
      t.not(body.id, 'client-id', 'the server assigns the id')
      t.equal(body.href, `${V5}/troubleTicket/${body.id}`)
      t.equal(res.headers.location, body.href)
      t.equal(res.headers.etag, '"1"')
      t.equal(body.status, 'acknowledged')
      t.match(body.creationDate, /^\d{4}-\d\d-\d\dT.*Z$/)
      t.equal(body.lastUpdate, body.creationDate)
      t.equal(body.requestedResolutionDate, '2030-01-01T08:00:00.000Z', 'dates are stored normalised to UTC')
      t.same(body.statusChangeHistory.map((h: { status: string }) => h.status), ['acknowledged'])
      const stored = await app.db.query<{ doc: { severity: string } }>('SELECT doc FROM trouble_ticket WHERE id = $1', [body.id])
      t.equal(stored.rows[0]?.doc.severity, 'Major', 'the document is in the database')
      const got = await op({ method: 'GET', url: body.href })
      t.equal(got.statusCode, 200)
      t.same(got.json(), body)
      t.equal(got.headers.etag, '"1"')
    })

    t.test('required attributes and @type are enforced with a TMF Error', async (t) => {
      for (const missing of ['description', 'severity', 'ticketType', '@type']) {
        const payload = aTroubleTicket()
        delete payload[missing]
        const res = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload })
        t.equal(res.statusCode, 400, `${missing} missing`)
        const err = res.json()
        t.equal(err['@type'], 'Error')
        t.equal(err.status, '400')
        t.match(err.message, missing)
        t.ok(err.code && err.reason)
      }
      const wrongType = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ '@type': 'Customer' }) })
      t.equal(wrongType.statusCode, 400)
      const badDate = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ requestedResolutionDate: 'tomorrow' }) })
      t.equal(badDate.statusCode, 400)
      t.match(badDate.json().message, 'requestedResolutionDate')
      const forged = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ creationDate: '2001-01-01T00:00:00Z', statusChangeHistory: [{ status: 'closed', statusChangeDate: '2001-01-01T00:00:00Z' }] }) })
      t.equal(forged.statusCode, 201)
      t.not(forged.json().creationDate, '2001-01-01T00:00:00.000Z', 'the server sets creationDate')
      t.same(forged.json().statusChangeHistory.map((h: { status: string }) => h.status), ['acknowledged'], 'a client cannot seed the history')
      const badStart = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ status: 'closed' }) })
      t.equal(badStart.json().status, 'acknowledged', 'a ticket cannot be born closed: the server owns the initial status')
    })

    t.test('a subclass @type with @baseType TroubleTicket is accepted with its extension attributes', async (t) => {
      const res = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ '@type': 'FieldServiceTicket', '@baseType': 'TroubleTicket', '@schemaLocation': 'https://example.org/FieldServiceTicket.json', truckRoll: true }) })
      t.equal(res.statusCode, 201)
      const got = (await op({ method: 'GET', url: res.json().href })).json()
      t.equal(got['@type'], 'FieldServiceTicket')
      t.equal(got['@baseType'], 'TroubleTicket')
      t.equal(got.truckRoll, true)
    })

    t.test('GET of an unknown id is a 404 TMF Error', async (t) => {
      const res = await op({ method: 'GET', url: `${V5}/troubleTicket/nope` })
      t.equal(res.statusCode, 404)
      t.same(res.json(), { '@type': 'Error', code: 'ERR404', reason: 'Not Found', message: 'TroubleTicket nope not found', status: '404' })
    })

    t.test('PATCH with merge-patch, application/json, json-patch and json-patch-query', async (t) => {
      const created = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ note: [{ '@type': 'Note', id: '1', text: 'first' }, { '@type': 'Note', id: '2', text: 'second' }] }) })).json()
      const url = created.href
      const merge = await op({ method: 'PATCH', url, headers: MERGE_PATCH, payload: { severity: 'Critical', name: null } })
      t.equal(merge.statusCode, 200)
      t.equal(merge.json().severity, 'Critical')
      t.equal(merge.headers.etag, '"2"')
      const asJson = await op({ method: 'PATCH', url, headers: { 'content-type': 'application/json' }, payload: { priority: '1' } })
      t.equal(asJson.json().priority, '1', 'application/json is a merge patch')
      const jsonPatch = await op({ method: 'PATCH', url, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'replace', path: '/description', value: 'Outage in the area' }, { op: 'add', path: '/note/-', value: { '@type': 'Note', id: '3', text: 'third' } }] })
      t.equal(jsonPatch.statusCode, 200)
      t.equal(jsonPatch.json().description, 'Outage in the area')
      t.equal(jsonPatch.json().note.length, 3)
      const query = await op({ method: 'PATCH', url, headers: { 'content-type': 'application/json-patch-query+json' }, payload: [{ op: 'replace', path: '/note?id=2/text', value: 'second, edited' }] })
      t.equal(query.statusCode, 200)
      t.same(query.json().note.map((n: { text: string }) => n.text), ['first', 'second, edited', 'third'])
      t.ok(query.json().lastUpdate >= created.lastUpdate)
      const stored = await app.db.query<{ version: number }>('SELECT version FROM trouble_ticket WHERE id = $1', [created.id])
      t.equal(stored.rows[0]?.version, 5, 'each PATCH is one new version')
    })

    t.test('PATCH refusals: media type, non-patchable, invalid result, failed test op', async (t) => {
      const { href } = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
      const xml = await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/xml' }, payload: '<a/>' })
      t.equal(xml.statusCode, 415)
      t.equal(xml.json()['@type'], 'Error')
      // Valid values, so nothing but the not-patchable rule can refuse them.
      const valid: Record<string, unknown> = {
        id: 'another-id',
        href: `${V5}/troubleTicket/another-id`,
        creationDate: '2020-01-01T00:00:00Z',
        lastUpdate: '2020-01-01T00:00:00Z',
        resolutionDate: '2020-01-01T00:00:00Z',
        statusChangeHistory: [{ '@type': 'StatusChange', status: 'acknowledged', statusChangeDate: '2020-01-01T00:00:00Z' }],
        '@type': 'TroubleTicketSpecialisation'
      }
      for (const [field, value] of Object.entries(valid)) {
        const res = await op({ method: 'PATCH', url: href, headers: MERGE_PATCH, payload: { [field]: value } })
        t.equal(res.statusCode, 400, `${field} is not patchable`)
        t.equal(res.json().code, 'ERR400-NOT-PATCHABLE', `${field}: refused by the not-patchable rule`)
      }
      const invalid = await op({ method: 'PATCH', url: href, headers: MERGE_PATCH, payload: { severity: 42 } })
      t.equal(invalid.statusCode, 400)
      const removeRequired = await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'remove', path: '/description' }] })
      t.equal(removeRequired.statusCode, 400, 'a patch may not leave the ticket invalid')
      const failedTest = await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'test', path: '/severity', value: 'Minor' }, { op: 'replace', path: '/severity', value: 'Critical' }] })
      t.equal(failedTest.statusCode, 409)
      t.equal((await op({ method: 'GET', url: href })).json().severity, 'Major', 'nothing of a failed patch is applied')
    })

    t.test('ETag and If-Match guard against lost updates', async (t) => {
      const { href } = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
      const ok = await op({ method: 'PATCH', url: href, headers: { ...MERGE_PATCH, 'if-match': '"1"' }, payload: { priority: '2' } })
      t.equal(ok.statusCode, 200)
      const stale = await op({ method: 'PATCH', url: href, headers: { ...MERGE_PATCH, 'if-match': '"1"' }, payload: { priority: '3' } })
      t.equal(stale.statusCode, 412)
      t.equal(stale.json().code, 'ERR412')
      t.equal((await op({ method: 'GET', url: href })).json().priority, '2')
    })

    t.test('DELETE answers 204 and the ticket is gone; a partner may not delete', async (t) => {
      const { href, id } = (await as(app, 'partner-a')({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
      const refused = await as(app, 'partner-a')({ method: 'DELETE', url: href })
      t.equal(refused.statusCode, 403)
      const res = await op({ method: 'DELETE', url: href })
      t.equal(res.statusCode, 204)
      t.equal((await op({ method: 'GET', url: href })).statusCode, 404)
      const rows = await app.db.query('SELECT 1 FROM trouble_ticket WHERE id = $1', [id])
      t.equal(rows.rows.length, 0)
      t.equal((await op({ method: 'DELETE', url: href })).statusCode, 404)
    })

    t.test('malformed JSON, oversized bodies, wrong media types and unknown routes get TMF Errors', async (t) => {
      const malformed = await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: { 'content-type': 'application/json' }, payload: '{"description": ' })
      t.equal(malformed.statusCode, 400)
      t.equal(malformed.json()['@type'], 'Error')
      const big = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ description: 'x'.repeat(1024 * 1024 + 10) }) })
      t.equal(big.statusCode, 413)
      t.equal(big.json().code, 'ERR413')
      const text = await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: { 'content-type': 'text/plain' }, payload: 'hello' })
      t.equal(text.statusCode, 415)
      t.equal(text.json()['@type'], 'Error')
      const unknown = await op({ method: 'GET', url: '/tmf-api/nothing/v5/here' })
      t.equal(unknown.statusCode, 404)
      t.equal(unknown.json()['@type'], 'Error')
      const proto = await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: { 'content-type': 'application/json' }, payload: '{"__proto__": {"x": 1}, "@type": "TroubleTicket"}' })
      t.equal(proto.statusCode, 400, 'prototype poisoning is refused')
      t.equal(proto.json()['@type'], 'Error')
    })
  })
}
