import t from 'tap'
import { as, outboxTypes, storeKinds } from '@cx/test-kit'
import { createSla, createViolation, anSla, mergePatch, ROOT, VIOLATION } from './test-support.ts'
import { activeSla, aTicket, deliver, startWatchingSla, TestClock } from './watch/watch-test-support.ts'

type Body = Record<string, unknown>
const SETTLEMENT = `${ROOT}/slaSettlement`

for (const kind of storeKinds()) {
  t.test(`settlement totals, disputes and the frozen period, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-04-01T08:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    const op = as(app, 'operator')
    const sla = await createSla(op, anSla())
    const slaB = await createSla(op, anSla({}, 'partner-b'))
    // Penalties of the SLA's rules: ttr-critical 500 EUR, tta-critical 100 EUR.
    const a1 = await createViolation(op, String(sla.id), { date: '2026-03-04T18:00:00Z' })
    const a2 = await createViolation(op, String(sla.id), { date: '2026-03-10T18:00:00Z', rule: { id: 'tta-critical' }, actualValue: 45 }, ['acknowledged'])
    const a3 = await createViolation(op, String(sla.id), { date: '2026-03-12T18:00:00Z', consequence: { penalty: { unit: 'USD', value: 120.1 } } }, ['acknowledged', 'accepted'])
    const disputed = await createViolation(op, String(sla.id), { date: '2026-03-20T18:00:00Z' }, ['acknowledged', 'disputed'])
    await createViolation(op, String(sla.id), { date: '2026-04-02T18:00:00Z' }) // another period
    await createViolation(op, String(slaB.id), { date: '2026-03-05T18:00:00Z' }) // another partner

    const period = 'partner.id=partner-a&periodStart=2026-03-01T00:00:00Z&periodEnd=2026-04-01T00:00:00Z'
    const statement = await op({ method: 'GET', url: `${SETTLEMENT}/statement?${period}` })
    t.equal(statement.statusCode, 200, statement.body)
    t.match(statement.json(), {
      total: [{ unit: 'EUR', value: 600 }, { unit: 'USD', value: 120.1 }],
      disputedTotal: [{ unit: 'EUR', value: 500 }]
    }, 'owed per currency, disputes apart')
    t.same((statement.json().violation as Body[]).map((v) => v.id), [a1.id, a2.id, a3.id])
    t.same((statement.json().disputed as Body[]).map((v) => v.id), [disputed.id])
    t.equal((await as(app, 'partner-a')({ method: 'GET', url: `${SETTLEMENT}/statement?${period}` })).statusCode, 200, 'a partner computes its own')
    t.equal((await as(app, 'partner-b')({ method: 'GET', url: `${SETTLEMENT}/statement?${period}` })).statusCode, 403, 'not another\'s')

    const body = { partner: { id: 'partner-a' }, periodStart: '2026-03-01T00:00:00Z', periodEnd: '2026-04-01T00:00:00Z' }
    t.equal((await as(app, 'partner-a')({ method: 'POST', url: SETTLEMENT, payload: body })).statusCode, 403, 'only the operator settles')
    const frozen = await op({ method: 'POST', url: SETTLEMENT, payload: body })
    t.equal(frozen.statusCode, 201, frozen.body)
    const doc = frozen.json() as Body
    t.match(doc, { '@type': 'SlaSettlement', partner: { id: 'partner-a' }, total: [{ unit: 'EUR', value: 600 }, { unit: 'USD', value: 120.1 }], settlementDate: '2026-04-01T08:00:00.000Z' })
    t.type(doc.settledBy, 'string')
    for (const v of [a1, a2, a3]) t.equal((await op({ method: 'GET', url: `${VIOLATION}/${String(v.id)}` })).json().state, 'settled', `${String(v.id)} settled in the same transaction`)
    t.equal((await op({ method: 'GET', url: `${VIOLATION}/${String(disputed.id)}` })).json().state, 'disputed', 'a disputed one stays open')
    t.ok((await outboxTypes(app, String(doc.id))).includes('SlaSettlementCreateEvent'))
    // The audit trail (issue 13): the freeze and each violation it settled, by the operator who asked.
    const audit = async (id: string): Promise<Body[]> => (await op({ method: 'GET', url: `/tmf-api/audit/v1/auditRecord?resource.id=${encodeURIComponent(id)}&sort=recordedAt` })).json() as Body[]
    const frozenAudit = await audit(String(doc.id))
    t.match(frozenAudit, [{ action: 'create', actor: doc.settledBy, api: 'slaManagement', resource: { id: doc.id, '@referredType': 'SlaSettlement' } }], 'the settlement is in the audit trail')
    for (const v of [a1, a2, a3]) {
      // The test clock stands still, so the create and the patch share recordedAt: found by action.
      const last = (await audit(String(v.id))).find((r) => r.action === 'patch')
      t.match(last, { action: 'patch', actor: doc.settledBy, resource: { '@referredType': 'SlaViolation' } }, `${String(v.id)}: its move to settled is audited`)
      t.ok(JSON.stringify(last?.diff).includes('settled'), 'with the state change in its diff')
    }

    const again = await op({ method: 'POST', url: SETTLEMENT, payload: { ...body, periodStart: '2026-03-15T00:00:00Z', periodEnd: '2026-04-15T00:00:00Z' } })
    t.equal(again.statusCode, 409, 'an overlapping period is refused')
    t.equal(again.json().code, 'ERR409-SETTLED')
    t.equal((await op({ method: 'POST', url: SETTLEMENT, payload: { ...body, periodStart: '2026-05-01T00:00:00Z', periodEnd: '2026-04-01T00:00:00Z' } })).statusCode, 400, 'a period ending before it starts')
    t.equal((await op({ method: 'PATCH', url: String(doc.href), headers: { 'content-type': 'application/merge-patch+json' }, payload: { total: [] } })).statusCode, 405, 'immutable')

    // The dispute lost after the freeze: the frozen document does not change.
    await mergePatch(op, `${VIOLATION}/${String(disputed.id)}`, { state: 'accepted' })
    t.same((await op({ method: 'GET', url: String(doc.href) })).json().total, doc.total, 'a settlement is immutable')
    const list = await as(app, 'partner-a')({ method: 'GET', url: `${SETTLEMENT}?partner.id=partner-a` })
    t.same((list.json() as Body[]).map((s) => s.id), [doc.id], 'the partner lists its settlements')
    t.same((await as(app, 'partner-b')({ method: 'GET', url: SETTLEMENT })).json(), [], 'another partner sees none of them')
  })

  t.test(`simulation: a candidate SLA replayed over a past window changes nothing, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-03-01T00:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    await deliver(app, 'troubleTicket', aTicket('tt-s1', '2026-03-02T09:00:00Z', [{ status: 'inProgress', at: '2026-03-02T09:45:00Z' }, { status: 'resolved', at: '2026-03-02T15:00:00Z' }]))
    await deliver(app, 'troubleTicket', aTicket('tt-s2', '2026-03-03T09:00:00Z', [{ status: 'inProgress', at: '2026-03-03T09:05:00Z' }]))
    await deliver(app, 'troubleTicket', aTicket('tt-s3', '2026-03-20T09:00:00Z'))
    clock.set('2026-03-10T00:00:00Z')
    const candidate = anSla({
      rule: [
        { id: 'tta', metric: 'timeToAcknowledge', unit: 'minutes', operator: '.le', referenceValue: 30, consequence: { penalty: { unit: 'EUR', value: 100 } } },
        { id: 'ttr', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 4 }
      ]
    })
    const op = as(app, 'operator')
    const res = await op({ method: 'POST', url: `${ROOT}/slaSimulation`, payload: { sla: candidate, periodStart: '2026-03-01T00:00:00Z', periodEnd: '2026-03-08T00:00:00Z' } })
    t.equal(res.statusCode, 200, res.body)
    const out = res.json() as Body
    t.match(out, { entitiesExamined: 2, clocksExamined: 4 })
    t.same((out.violation as Body[]).map((v) => [(v.relatedEntity as Body).id, (v.rule as Body).id, v.actualValue]).sort(), [
      ['tt-s1', 'tta', 45], ['tt-s1', 'ttr', 6], ['tt-s2', 'ttr', 4 * 24 + 15]
    ].sort(), 'what it would have raised; tt-s2 still open at the end of the window')
    const stored = await op({ method: 'GET', url: `${ROOT}/slaViolation` })
    t.same(stored.json(), [], 'nothing stored')
    t.same((await op({ method: 'GET', url: `${ROOT}/slaClock` })).json(), [], 'no clock')
    t.equal((await as(app, 'partner-a')({ method: 'POST', url: `${ROOT}/slaSimulation`, payload: { sla: candidate, periodStart: '2026-03-01T00:00:00Z', periodEnd: '2026-03-08T00:00:00Z' } })).statusCode, 403)
    const bad = await op({ method: 'POST', url: `${ROOT}/slaSimulation`, payload: { sla: { ...candidate, calendar: { timeZone: 'Nowhere/Land', workingDays: [1], workingHours: [{ start: '09:00', end: '17:00' }] } }, periodStart: '2026-03-01T00:00:00Z', periodEnd: '2026-03-08T00:00:00Z' } })
    t.equal(bad.statusCode, 400, 'a bad calendar is a 400')
    t.match(bad.json(), { code: 'ERR400-SLA-RULE', '@type': 'Error' })
  })

  t.test(`detected violations are settled too, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    await activeSla(app)
    await deliver(app, 'troubleTicket', aTicket('tt-x', '2026-03-02T09:00:00Z'))
    clock.set('2026-03-02T18:00:00Z')
    await app.slaWatcher?.tick()
    const res = await as(app, 'operator')({ method: 'POST', url: SETTLEMENT, payload: { partner: { id: 'partner-a' }, periodStart: '2026-03-01T00:00:00Z', periodEnd: '2026-04-01T00:00:00Z' } })
    t.equal(res.statusCode, 201, res.body)
    t.match(res.json(), { total: [{ unit: 'EUR', value: 600 }] }, 'the detected tta (100) and ttr (500) breaches')
  })
}
