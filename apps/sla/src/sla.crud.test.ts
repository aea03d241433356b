import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { aRule, anSla, as, aViolation, createSla, MERGE, outboxTypes, ROOT, SLA, startSla, VIOLATION } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF623 sla create, read, patch, delete on ${kind}`, async (t) => {
    const app = await startSla(t, kind)
    const op = as(app, 'operator')

    t.test('POST creates a draft with server-assigned id, href, dates, Location and history', async (t) => {
      const res = await op({ method: 'POST', url: SLA, payload: anSla({ id: 'mine', validFor: { startDateTime: '2025-01-01T01:00:00+01:00' } }) })
      t.equal(res.statusCode, 201)
      const body = res.json()
      t.not(body.id, 'mine')
      t.equal(body.href, `${SLA}/${body.id}`)
      t.equal(res.headers.location, body.href)
      t.equal(res.headers.etag, '"1"')
      t.equal(body['@type'], 'Sla')
      t.equal(body.state, 'draft')
      t.equal(body.creationDate, body.lastUpdate)
      t.equal(body.validFor.startDateTime, '2025-01-01T00:00:00.000Z', 'dates are normalised to UTC')
      t.same(body.stateChangeHistory.map((h: { state: string }) => h.state), ['draft'])
      t.same(body.rule.map((r: { id: string }) => r.id), ['ttr-critical', 'tta-critical', 'availability'])
      t.same(body.rule[0].consequence.penalty, { unit: 'EUR', value: 500 })
      const stored = await app.db.query<{ doc: { name: string } }>('SELECT doc FROM sla WHERE id = $1', [body.id])
      t.equal(stored.rows[0]?.doc.name, 'Wholesale access SLA', 'the document is in the database')
      const got = await op({ method: 'GET', url: body.href })
      t.equal(got.statusCode, 200)
      t.same(got.json(), body)
    })

    t.test('required attributes are enforced with a TMF Error', async (t) => {
      for (const missing of ['name', 'rule', 'relatedParty']) {
        const payload = anSla()
        delete payload[missing]
        const res = await op({ method: 'POST', url: SLA, payload })
        t.equal(res.statusCode, 400, `${missing} missing`)
        t.equal(res.json()['@type'], 'Error')
        t.match(res.json().message, missing)
      }
      t.equal((await op({ method: 'POST', url: SLA, payload: anSla({ rule: [] }) })).statusCode, 400, 'at least one rule')
      t.equal((await op({ method: 'POST', url: SLA, payload: anSla({ '@type': 'SlaViolation' }) })).statusCode, 400)
      const eager = await op({ method: 'POST', url: SLA, payload: anSla({ state: 'active' }) })
      t.equal(eager.statusCode, 201)
      t.equal(eager.json().state, 'draft', 'an SLA is born a draft whatever the client asks (the server owns the initial state)')
    })

    t.test('@type is optional on create, as in every TMF v4 API, and defaults to the resource type', async (t) => {
      const payload = anSla()
      delete payload['@type']
      const res = await op({ method: 'POST', url: SLA, payload })
      t.equal(res.statusCode, 201, res.body)
      t.equal(res.json()['@type'], 'Sla')
      const sla = await createSla(op)
      const violation = aViolation(String(sla.id))
      delete violation['@type']
      const recorded = await op({ method: 'POST', url: VIOLATION, payload: violation })
      t.equal(recorded.statusCode, 201, recorded.body)
      t.equal(recorded.json()['@type'], 'SlaViolation')
    })

    t.test('rules are validated: operator, metric, units per metric, tolerance, ids, penalty', async (t) => {
      const refused = async (rule: Record<string, unknown>[], pattern: RegExp, what: string): Promise<void> => {
        const res = await op({ method: 'POST', url: SLA, payload: anSla({ rule }) })
        t.equal(res.statusCode, 400, what)
        t.match(res.json().message, pattern, what)
      }
      await refused([aRule({ operator: '<=' })], /rule\/0\/operator must be equal to one of the allowed values/, 'operator outside the enum')
      await refused([aRule({ operator: '.lte' })], /operator/, 'the TMF630 query spelling is not a rule operator')
      await refused([aRule({ metric: 'meanTimeToRepair' })], /rule\/0\/metric must be equal to one of the allowed values/, 'unknown metric')
      await refused([aRule({ unit: 'percent' })], /unit percent is not a unit of timeToResolve/, 'a duration in percent')
      await refused([aRule({ metric: 'availability', unit: 'hours', operator: '.ge', referenceValue: 99 })], /unit hours is not a unit of availability/, 'an availability in hours')
      await refused([aRule({ unit: 'fortnights' })], /unit/, 'unknown unit')
      await refused([aRule({ tolerance: -1 })], /tolerance/, 'negative tolerance')
      await refused([aRule({ referenceValue: '8' })], /referenceValue/, 'a number, not a string')
      await refused([aRule(), aRule()], /rule id ttr-critical is used twice/, 'duplicate rule ids')
      await refused([aRule({ consequence: { penalty: { unit: 'euro', value: 5 } } })], /unit/, 'currency as ISO 4217')
      const ok = await op({ method: 'POST', url: SLA, payload: anSla({ rule: [aRule({ id: 'o2a', metric: 'orderToActivation', unit: 'days', referenceValue: 5, appliesTo: { productOffering: [{ '@type': 'EntityRef', id: 'po-fibre-1g', '@referredType': 'ProductOffering' }] } })] }) })
      t.equal(ok.statusCode, 201, 'orderToActivation in days')
    })

    t.test('an SLA needs an SLAProvider: the partner held to it', async (t) => {
      const res = await op({ method: 'POST', url: SLA, payload: anSla({ relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'SLAConsumer', partyOrPartyRole: { id: 'csp' } }] }) })
      t.equal(res.statusCode, 400)
      t.match(res.json().message, /SLAProvider/)
      t.equal(res.json().code, 'ERR400-SLA-RULE')
    })

    t.test('a subclass @type with @baseType Sla keeps its extension attributes', async (t) => {
      const res = await op({ method: 'POST', url: SLA, payload: anSla({ '@type': 'GoldSla', '@baseType': 'Sla', supportLine: '24/7' }) })
      t.equal(res.statusCode, 201)
      t.equal((await op({ method: 'GET', url: res.json().href })).json().supportLine, '24/7')
    })

    t.test('GET of an unknown id is a 404 TMF Error', async (t) => {
      const res = await op({ method: 'GET', url: `${SLA}/nope` })
      t.equal(res.statusCode, 404)
      t.same(res.json(), { '@type': 'Error', code: 'ERR404', reason: 'Not Found', message: 'Sla nope not found', status: '404' })
    })

    t.test('PATCH: a draft\'s rules may change; an agreed SLA\'s rules may not', async (t) => {
      const draft = await createSla(op, anSla(), [])
      const edited = await op({ method: 'PATCH', url: String(draft.href), headers: MERGE, payload: { description: 'Annex B', rule: [aRule({ referenceValue: 6 })] } })
      t.equal(edited.statusCode, 200)
      t.equal(edited.json().rule[0].referenceValue, 6)
      t.equal(edited.json().description, 'Annex B')
      const bad = await op({ method: 'PATCH', url: String(draft.href), headers: MERGE, payload: { rule: [aRule({ unit: 'percent' })] } })
      t.equal(bad.statusCode, 400, 'a patch is validated like a create')
      const jsonPatch = await op({ method: 'PATCH', url: String(draft.href), headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'replace', path: '/rule/0/tolerance', value: 1 }] })
      t.equal(jsonPatch.statusCode, 200)
      t.equal(jsonPatch.json().rule[0].tolerance, 1)

      const active = await createSla(op)
      const locked = await op({ method: 'PATCH', url: String(active.href), headers: MERGE, payload: { rule: [aRule({ referenceValue: 12 })] } })
      t.equal(locked.statusCode, 409)
      t.equal(locked.json().code, 'ERR409-SLA-AGREED')
      const query = await op({ method: 'PATCH', url: String(active.href), headers: { 'content-type': 'application/json-patch-query+json' }, payload: [{ op: 'replace', path: '/rule?id=ttr-critical/referenceValue', value: 12 }] })
      t.equal(query.statusCode, 409, 'whatever the patch media type')
      const renamed = await op({ method: 'PATCH', url: String(active.href), headers: MERGE, payload: { name: 'Wholesale access SLA (2025)' } })
      t.equal(renamed.statusCode, 200, 'other attributes may still change')
      t.equal((await op({ method: 'GET', url: String(active.href) })).json().rule[0].referenceValue, 8)
    })

    t.test('PATCH refusals: managed attributes, If-Match', async (t) => {
      const sla = await createSla(op, anSla(), [])
      // Valid values, so nothing but the not-patchable rule can refuse them.
      const valid: Record<string, unknown> = {
        id: 'another-id',
        href: `${SLA}/another-id`,
        creationDate: '2020-01-01T00:00:00Z',
        lastUpdate: '2020-01-01T00:00:00Z',
        stateChangeHistory: [{ '@type': 'StateChange', state: 'draft', stateChangeDate: '2020-01-01T00:00:00Z' }],
        approvalDate: '2020-01-01T00:00:00Z',
        '@type': 'WholesaleSla'
      }
      for (const [field, value] of Object.entries(valid)) {
        const res = await op({ method: 'PATCH', url: String(sla.href), headers: MERGE, payload: { [field]: value } })
        t.equal(res.statusCode, 400, `${field} is not patchable`)
        t.equal(res.json().code, 'ERR400-NOT-PATCHABLE', `${field}: refused by the not-patchable rule`)
      }
      const stale = await op({ method: 'PATCH', url: String(sla.href), headers: { ...MERGE, 'if-match': '"7"' }, payload: { version: '2' } })
      t.equal(stale.statusCode, 412)
    })

    t.test('DELETE answers 204 for the operator and emits SlaDeleteEvent; partners may not', async (t) => {
      const sla = await createSla(op, anSla(), [])
      t.equal((await as(app, 'partner-a')({ method: 'DELETE', url: String(sla.href) })).statusCode, 403)
      t.equal((await op({ method: 'DELETE', url: String(sla.href) })).statusCode, 204)
      t.equal((await op({ method: 'GET', url: String(sla.href) })).statusCode, 404)
      t.same(await outboxTypes(app, String(sla.id)), ['SlaCreateEvent', 'SlaDeleteEvent'])
    })

    t.test('the OpenAPI document describes both resources and says no official OAS exists', async (t) => {
      const res = await app.inject({ method: 'GET', url: `${ROOT}/openapi.json` })
      t.equal(res.statusCode, 200)
      const doc = res.json()
      t.match(doc.info.title, /TMF623 SLA Management \(v4\)/)
      t.match(doc.info.description, /no official v4 or v5 OpenAPI/)
      for (const name of ['Sla', 'Sla_FVO', 'Sla_MVO', 'SlaRule', 'SlaViolation', 'SlaViolation_FVO', 'SlaConsequence', 'SlaAppliesTo', 'Money']) {
        t.ok(doc.components.schemas[name], `${name} documented`)
      }
      t.ok(doc.paths['/slaViolation/{id}'], 'paths are relative to the API root in servers')
      t.equal(doc.servers[0].url, ROOT)
    })
  })
}
