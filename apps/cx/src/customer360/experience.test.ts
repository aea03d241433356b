import t from 'tap'
import { computeExperience } from './experience.ts'

type Doc = Record<string, unknown>
const NOW = new Date('2026-06-30T12:00:00.000Z')
const daysAgo = (d: number, h = 0): string => new Date(NOW.getTime() - d * 86_400_000 - h * 3_600_000).toISOString()

const response = (submitted: string, nps?: number, csat?: number): Doc => ({
  status: 'completed', submittedDate: submitted, score: { ...(nps === undefined ? {} : { npsValue: nps }), ...(csat === undefined ? {} : { csat }) }
})
const ticket = (created: string, changes: Array<[string, string]>, status?: string): Doc => ({
  creationDate: created,
  status: status ?? changes[changes.length - 1]?.[0] ?? 'acknowledged',
  statusChangeHistory: [['acknowledged', created] as [string, string], ...changes].map(([s, d]) => ({ status: s, statusChangeDate: d }))
})
const order = (created: string, completed: string): Doc => ({ state: 'completed', creationDate: created, completionDate: completed })

t.test('every signal by hand', async (t) => {
  const e = computeExperience({
    responses: [
      response(daysAgo(100), 10, 5), // outside the 90-day window for CSAT, and not the latest NPS
      response(daysAgo(10), 6, 2),
      response(daysAgo(5), undefined, 4),
      response(daysAgo(2), 8) // latest NPS answer: 8, passive
    ],
    tickets: [
      ticket(daysAgo(20), [['inProgress', daysAgo(20, -1)], ['resolved', daysAgo(20, -6)]]), // 6 h to resolve
      ticket(daysAgo(10), [['inProgress', daysAgo(9)], ['resolved', daysAgo(8)], ['inProgress', daysAgo(7)]]), // 48 h, reopened, open
      ticket(daysAgo(1), []) // open
    ],
    orders: [order(daysAgo(30), daysAgo(28)), order(daysAgo(20), daysAgo(16)), order(daysAgo(200), daysAgo(100))],
    violations: [{ date: daysAgo(3) }, { date: daysAgo(120) }]
  }, NOW)
  t.equal(e.npsValue, 8)
  t.equal(e.npsCategory, 'passive')
  t.equal(e.csatMean, 3, 'mean of 2 and 4 (the 5 is older than 90 days)')
  t.equal(e.openTickets, 2)
  t.equal(e.reopenedTickets, 1)
  t.equal(e.mttrHours, 27, 'mean of 6 h and 48 h to the first resolution')
  t.equal(e.orderToActivationHours, 72, 'median of 48 h and 96 h (the third completed outside the window)')
  t.equal(e.slaBreaches, 1)

  // Scores: nps 80, csat (3-1)/4*100 = 50, open 100-50 = 50, reopened 50, mttr (72-27)/68*100 = 66.2,
  // o2a (720-72)/672*100 = 96.4, breaches 66. All signals present: weights as declared.
  const byName = Object.fromEntries(e.inputs.map((i) => [i.name, i]))
  t.equal(byName.npsValue?.score, 80)
  t.equal(byName.csatMean?.score, 50)
  t.equal(byName.openTickets?.score, 50)
  t.equal(byName.reopenedTickets?.score, 50)
  t.equal(byName.mttrHours?.score, 66.2)
  t.equal(byName.orderToActivationHours?.score, 96.4)
  t.equal(byName.slaBreaches?.score, 66)
  t.equal(byName.npsValue?.weight, 0.3)
  // 0.30·80 + 0.20·50 + 0.15·50 + 0.10·50 + 0.10·66.18 + 0.05·96.43 + 0.10·66 = 64.53 → 65
  t.equal(e.experienceIndex, 65)
  // passive 1 + reopened 2 + two open 1 + a breach 1 = 5 → high
  t.equal(e.churnRisk, 'high')
  t.equal(e.reasons.length, 4)
  t.match(e.reasons.join(' '), /reopened/)
})

t.test('signals without data carry no weight; no data at all gives no index', async (t) => {
  const empty = computeExperience({ responses: [], tickets: [], orders: [], violations: [] }, NOW)
  // Counts are always known (0), so the index rests on them alone.
  t.equal(empty.experienceIndex, 100)
  t.same(empty.inputs.filter((i) => i.value === null).map((i) => i.name), ['npsValue', 'csatMean', 'mttrHours', 'orderToActivationHours'])
  t.ok(empty.inputs.filter((i) => i.value === null).every((i) => i.weight === 0 && i.contribution === 0))
  t.equal(Math.round(empty.inputs.reduce((a, i) => a + i.weight, 0) * 100) / 100, 1, 'the weights with data add up to 1')
  t.equal(empty.churnRisk, 'low')
  t.same(empty.reasons, [])
})

t.test('churn thresholds: a detractor alone is medium; with a low CSAT high', async (t) => {
  const detractor = computeExperience({ responses: [response(daysAgo(1), 2)], tickets: [], orders: [], violations: [] }, NOW)
  t.equal(detractor.npsCategory, 'detractor')
  t.equal(detractor.churnRisk, 'medium')
  const worse = computeExperience({ responses: [response(daysAgo(1), 2, 1)], tickets: [], orders: [], violations: [] }, NOW)
  t.equal(worse.churnRisk, 'high')
  const promoter = computeExperience({ responses: [response(daysAgo(1), 9, 5)], tickets: [], orders: [], violations: [] }, NOW)
  t.equal(promoter.npsCategory, 'promoter')
  t.equal(promoter.churnRisk, 'low')
  // nps 90 (0.30) and csat 100 (0.20), 100 for each count (0.15 + 0.10 + 0.10); no MTTR or O2A: (27 + 20 + 35) / 0.85 = 96.5
  t.equal(promoter.experienceIndex, 96)
})
