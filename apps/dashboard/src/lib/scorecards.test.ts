import t from 'tap'
import { defaultPeriod, periodsOf, scoreSeries, type ScorecardLike } from './scorecards.ts'

const card = (partner: string, periodStart: string, score: number | null, rank: number | null): ScorecardLike => ({ partner: { id: partner, name: partner.toUpperCase() }, periodStart, score, rank, trend: null })
const OCT = '2026-10-01T00:00:00Z'
const NOV = '2026-11-01T00:00:00Z'
const DEC = '2026-12-01T00:00:00Z'
const CARDS = [
  card('b', OCT, 60, 2), card('a', OCT, 70, 1),
  card('c', NOV, null, null), card('a', NOV, 50, 2), card('b', NOV, 80, 1), card('d', NOV, 80, 1),
  card('a', DEC, null, null)
]

t.test('periods newest first, each ranked (ties by name, unscored last)', async (t) => {
  const periods = periodsOf(CARDS)
  t.same(periods.map((p) => p.periodStart), [DEC, NOV, OCT])
  t.same(periods[1]?.entries.map((e) => e.partner.id), ['b', 'd', 'a', 'c'])
  t.same(periods.map((p) => p.hasScores), [false, true, true])
})

t.test('the page opens on the newest period with a score', async (t) => {
  t.equal(defaultPeriod(periodsOf(CARDS)), NOV)
  t.equal(defaultPeriod(periodsOf([card('a', DEC, null, null)])), DEC)
  t.equal(defaultPeriod([]), undefined)
})

t.test('the score chart has one series per partner over every period, null where it had no card', async (t) => {
  const s = scoreSeries(CARDS)
  t.same(s.periods, [OCT, NOV, DEC])
  t.same(s.partners.map((p) => [p.id, p.scores]), [['a', [70, 50, null]], ['b', [60, 80, null]], ['c', [null, null, null]], ['d', [null, 80, null]]])
})
