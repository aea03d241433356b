import t from 'tap'
import { devIssueToken } from '@cx/auth'
import { as, serverTestOptions, storeKinds, TEST_AUTH } from '@cx/test-kit'
import { buildApp } from '../app.ts'
import { order, project, response, ticket, violation } from './kpi-test-data.ts'

const SC = '/tmf-api/cxAnalytics/v1/partnerScorecard'
const Q = 'period=month&from=2026-03-01&to=2026-05-31'
type Card = Record<string, unknown> & { partner: { id: string, name?: string }, periodStart: string, score: number | null, rank: number | null, trend: number | null }

/**
 * March 2026 — p1: tickets of 6 h and 24 h (mttr p50 15, p90 6 + 0.9 × 18 = 22.2), an order
 * completed in 48 h, a violation on the first ticket (500 EUR), NPS answers 10, 9, 6 (NPS 33.33,
 * detractors 33.33 %), CSAT 5 and 2 (50 %).
 *   score inputs: nps (33.33 + 100) / 2 = 66.665 × 0.25; csat 50 × 0.15; mttr (72 − 15) / 68 × 100 =
 *   83.82 × 0.2; violations 1 per 3 records → 100 − 33.33 = 66.67 × 0.2; fallout 0 → 100 × 0.1;
 *   order to activation 48 h → 100 × 0.1: 74.27 → 74.
 * p2: a ticket of 80 h (score 0), a failed order (fallout 100 → 0), NPS 10 and CSAT 5 (100 each),
 *   no violation on 2 records (100), no completed order (no weight): (25 + 15 + 0 + 20 + 0) / 0.9 = 66.7 → 67.
 * April — p1: NPS 0 (−100 → score 0); p2: NPS 10 (100). May: nothing.
 */
for (const kind of storeKinds()) {
  t.test(`partner scorecards on ${kind}`, async (t) => {
    const app = await buildApp({ ...await serverTestOptions(t, kind), cx: { hubSecret: 'kpi-test-hub-secret-0123456789', token: await devIssueToken(TEST_AUTH, 'operator'), sync: false } } as never)
    t.teardown(() => app.close())
    await app.ready()
    await project(app, [
      ticket('T1', '2026-03-02T00:00:00Z', [['inProgress', '2026-03-02T01:00:00Z'], ['resolved', '2026-03-02T06:00:00Z']], 'c1', 'p1'),
      ticket('T2', '2026-03-03T00:00:00Z', [['resolved', '2026-03-04T00:00:00Z']], 'c1', 'p1'),
      order('O1', '2026-03-01T00:00:00Z', [['completed', '2026-03-03T00:00:00Z']], 'c1', 'p1'),
      violation('V1', '2026-03-02T07:00:00Z', 'c1', 'p1', { value: 500, unit: 'EUR' }, [['TroubleTicket', 'T1']]),
      response('r1', '2026-03-10T00:00:00Z', 'c1', 'p1', { npsValue: 10, csat: 5 }),
      response('r2', '2026-03-11T00:00:00Z', 'c1', 'p1', { npsValue: 9 }),
      response('r3', '2026-03-12T00:00:00Z', 'c1', 'p1', { npsValue: 6, csat: 2 }),
      ticket('T3', '2026-03-05T00:00:00Z', [['resolved', '2026-03-08T08:00:00Z']], 'c2', 'p2'),
      order('O2', '2026-03-05T00:00:00Z', [['failed', '2026-03-06T00:00:00Z']], 'c2', 'p2'),
      response('r4', '2026-03-10T00:00:00Z', 'c2', 'p2', { npsValue: 10, csat: 5 }),
      response('r5', '2026-04-10T00:00:00Z', 'c1', 'p1', { npsValue: 0 }),
      response('r6', '2026-04-10T00:00:00Z', 'c2', 'p2', { npsValue: 10 })
    ])
    const list = async (query: string, who = 'operator'): Promise<{ cards: Card[], total: string | undefined }> => {
      const res = await as(app, who)({ method: 'GET', url: `${SC}?${query}` })
      if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`)
      return { cards: res.json() as Card[], total: res.headers['x-total-count'] as string | undefined }
    }

    t.test('every partner and period, ranked, with trend', async (t) => {
      const { cards, total } = await list(Q)
      t.equal(total, '6')
      t.same(cards.map((c) => [c.partner.id, c.periodStart, c.score, c.rank, c.trend]), [
        ['p1', '2026-03-01T00:00:00Z', 74, 1, null],
        ['p2', '2026-03-01T00:00:00Z', 67, 2, null],
        ['p2', '2026-04-01T00:00:00Z', 100, 1, 33],
        ['p1', '2026-04-01T00:00:00Z', 0, 2, -74],
        ['p1', '2026-05-01T00:00:00Z', null, null, null],
        ['p2', '2026-05-01T00:00:00Z', null, null, null]
      ])
      t.match(cards[0], {
        id: 'p1@2026-03-01',
        partner: { id: 'p1', name: 'P1' },
        periodEnd: '2026-04-01T00:00:00Z',
        ticketsAttributed: 2,
        mttrHours: { p50: 15, p90: 22.2 },
        slaViolations: 1,
        penalties: [{ value: 500, unit: 'EUR' }],
        ordersFulfilled: 1,
        orderToActivationHours: { p50: 48 },
        orderFalloutRate: 0,
        nps: 33.33,
        csat: 50,
        detractorShare: 33.33,
        '@type': 'PartnerScorecard'
      })
      const inputs = Object.fromEntries((cards[0]?.scoreInputs as Array<{ name: string, score: number }>).map((i) => [i.name, i.score]))
      t.same(inputs, { nps: 66.7, csat: 50, mttrHours: 83.8, slaViolationRate: 66.7, orderFalloutRate: 100, orderToActivationHours: 100 })
      t.match(cards[1], { ticketsAttributed: 1, mttrHours: { p50: 80 }, orderFalloutRate: 100, ordersFulfilled: 0, orderToActivationHours: { p50: null }, penalties: [] })
    })

    t.test('TMF630 filters, fields and paging', async (t) => {
      t.same((await list(`${Q}&rank.lte=1`)).cards.map((c) => c.id), ['p1@2026-03-01', 'p2@2026-04-01'])
      t.same((await list(`${Q}&partner.id=p2`)).cards.map((c) => c.rank), [2, 1, null])
      const page = await list(`${Q}&fields=score&limit=2&offset=2`)
      t.equal(page.total, '6')
      t.same(page.cards, [{ id: 'p2@2026-04-01', '@type': 'PartnerScorecard', score: 100 }, { id: 'p1@2026-04-01', '@type': 'PartnerScorecard', score: 0 }])
      t.same((await list(`${Q}&sort=-score&rank.lte=2`)).cards.map((c) => c.score), [100, 74, 67, 0])
    })

    t.test('a partner sees its own entries with its rank among all', async (t) => {
      const { cards } = await list(Q, 'p2')
      t.same(cards.map((c) => [c.partner.id, c.rank]), [['p2', 2], ['p2', 1], ['p2', null]])
      t.same((await list(`${Q}&partner.id=p1`, 'p2')).cards, [], 'another partner\'s entries are not there')
      t.same((await list(Q, 'p9')).cards, [], 'a partner without records has no entry')
    })

    t.test('bad input is a 400 TMF Error', async (t) => {
      // US/Pacific-New: ICU still knows it, the tz database (and so PostgreSQL) dropped it.
      for (const q of ['period=year', 'from=2026-05-01&to=2026-04-01', 'tz=Nowhere/City', 'tz=US/Pacific-New', 'from=soon']) {
        const res = await as(app, 'operator')({ method: 'GET', url: `${SC}?${q}` })
        t.equal(res.statusCode, 400, q)
        t.match(res.json(), { '@type': 'Error', status: 400 }, q)
      }
    })
  })
}
