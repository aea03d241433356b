import t from 'tap'
import { aPartyRef, storeKinds } from '@cx/test-kit'
import { anSla, as, aViolation, createSla, MERGE, startSla, VIOLATION } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF623 slaViolation creation on ${kind}`, async (t) => {
    const app = await startSla(t, kind)
    const op = as(app, 'operator')
    const sla = await createSla(op)
    const slaId = String(sla.id)
    const post = async (overrides: Record<string, unknown> = {}) => await op({ method: 'POST', url: VIOLATION, payload: aViolation(slaId, overrides) })

    t.test('the agreed values, consequence, SLA reference and responsible partner come from the SLA', async (t) => {
      const res = await post()
      t.equal(res.statusCode, 201)
      const v = res.json()
      t.equal(res.headers.location, v.href)
      t.equal(v['@type'], 'SlaViolation')
      t.equal(v.state, 'detected')
      t.same(v.sla, { '@referredType': 'Sla', id: slaId, href: sla.href, name: 'Wholesale access SLA' })
      t.same(v.rule, { id: 'ttr-critical', metric: 'timeToResolve' })
      t.same({ referenceValue: v.referenceValue, unit: v.unit, operator: v.operator, tolerance: v.tolerance, actualValue: v.actualValue }, { referenceValue: 8, unit: 'hours', operator: '.le', tolerance: 0.5, actualValue: 31 })
      t.same(v.consequence, { '@type': 'SlaConsequence', penalty: { unit: 'EUR', value: 500 } })
      t.same(v.relatedParty.map((rp: { role: string, partyOrPartyRole: { id: string } }) => [rp.role, rp.partyOrPartyRole.id]), [['SLAProvider', 'partner-a'], ['customer', 'cust-001']])
      t.equal(v.relatedEntity[0].entity['@referredType'], 'TroubleTicket')
      t.equal(v.date, '2025-03-04T18:00:00.000Z')
      const stored = await app.db.query<{ doc: { referenceValue: number } }>('SELECT doc FROM sla_violation WHERE id = $1', [v.id])
      t.equal(stored.rows[0]?.doc.referenceValue, 8)
    })

    t.test('a rule without tolerance leaves none; the date defaults to now; an own consequence is kept', async (t) => {
      const before = new Date().toISOString()
      const res = await post({ rule: { id: 'tta-critical' }, actualValue: 42, date: undefined, consequence: { description: 'waived: first breach', penalty: { unit: 'EUR', value: 0 } } })
      t.equal(res.statusCode, 201, res.body)
      const v = res.json()
      t.notOk('tolerance' in v)
      t.equal(v.unit, 'minutes')
      t.ok(v.date >= before)
      t.equal(v.consequence.description, 'waived: first breach')
    })

    t.test('values repeated from the rule are accepted; contradicting ones are refused', async (t) => {
      t.equal((await post({ referenceValue: 8, unit: 'hours', operator: '.le', tolerance: 0.5 })).statusCode, 201)
      for (const [key, value] of [['referenceValue', 12], ['unit', 'minutes'], ['operator', '.lt'], ['tolerance', 2]] as const) {
        const res = await post({ [key]: value })
        t.equal(res.statusCode, 400, key)
        t.equal(res.json().code, 'ERR400-RULE-MISMATCH')
        t.match(res.json().message, `${key} comes from rule ttr-critical`)
      }
    })

    t.test('an unknown SLA or rule is a 400; a draft SLA cannot be violated', async (t) => {
      const noSla = await op({ method: 'POST', url: VIOLATION, payload: aViolation('no-such-sla') })
      t.equal(noSla.statusCode, 400)
      t.same([noSla.json().code, noSla.json().message], ['ERR400-UNKNOWN-SLA', 'Sla no-such-sla does not exist'])
      const noRule = await post({ rule: { id: 'mttr' } })
      t.equal(noRule.statusCode, 400)
      t.equal(noRule.json().code, 'ERR400-UNKNOWN-RULE')
      const draft = await createSla(op, anSla(), [])
      const early = await op({ method: 'POST', url: VIOLATION, payload: aViolation(String(draft.id)) })
      t.equal(early.statusCode, 409)
      t.equal(early.json().code, 'ERR409-SLA-DRAFT')
      for (const missing of ['sla', 'rule', 'actualValue']) {
        const payload = aViolation(slaId)
        delete payload[missing]
        t.equal((await op({ method: 'POST', url: VIOLATION, payload })).statusCode, 400, `${missing} is required`)
      }
      const rows = await app.db.query('SELECT id FROM sla_violation WHERE doc->\'sla\'->>\'id\' <> $1', [slaId])
      t.equal(rows.rows.length, 0, 'nothing refused was stored')
    })

    t.test('a measured value that meets the rule is not a violation', async (t) => {
      const within = await post({ actualValue: 8.5 })
      t.equal(within.statusCode, 400, 'within the tolerance')
      t.equal(within.json().code, 'ERR400-NOT-A-BREACH')
      t.match(within.json().message, 'limit 8.5')
      t.equal((await post({ actualValue: 8.51 })).statusCode, 201, 'just beyond it')
      t.equal((await post({ rule: { id: 'availability' }, actualValue: 99.9 })).statusCode, 400)
      const outage = await post({ rule: { id: 'availability' }, actualValue: 99.2 })
      t.equal(outage.statusCode, 201)
      t.same([outage.json().unit, outage.json().operator, outage.json().referenceValue], ['percent', '.ge', 99.9])
    })

    t.test('the date must lie within the SLA\'s validity', async (t) => {
      const res = await post({ date: '2024-12-31T23:00:00Z' })
      t.equal(res.statusCode, 400)
      t.equal(res.json().code, 'ERR400-OUTSIDE-VALIDITY')
    })

    t.test('a named responsible partner must be a provider of the SLA', async (t) => {
      const stranger = await post({ relatedParty: [aPartyRef('SLAProvider', 'partner-b', 'BusinessPartner')] })
      t.equal(stranger.statusCode, 400)
      t.equal(stranger.json().code, 'ERR400-NOT-PROVIDER')
      const named = await post({ relatedParty: [aPartyRef('SLAProvider', 'partner-a', 'BusinessPartner'), aPartyRef('customer', 'cust-002')] })
      t.equal(named.statusCode, 201)
      t.equal(named.json().relatedParty.length, 2, 'not copied twice')
    })

    t.test('the measurement and the rule are fixed after creation; notes and consequence are not', async (t) => {
      const { href } = (await post()).json()
      for (const [key, value] of [['actualValue', 9], ['referenceValue', 4], ['unit', 'days'], ['sla', { id: 'other' }], ['rule', { id: 'availability' }]] as const) {
        const res = await op({ method: 'PATCH', url: href, headers: MERGE, payload: { [key]: value } })
        t.equal(res.statusCode, 400, `${key} is not patchable`)
        t.equal(res.json().code, 'ERR400-NOT-PATCHABLE')
      }
      const noted = await op({ method: 'PATCH', url: href, headers: MERGE, payload: { note: [{ '@type': 'Note', text: 'confirmed by the NOC' }], consequence: { penalty: { unit: 'EUR', value: 250 } } } })
      t.equal(noted.statusCode, 200)
      t.equal(noted.json().consequence.penalty.value, 250)
    })
  })
}
