import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { devIssueToken } from '@cx/auth'
import { as, serverTestOptions, storeKinds, TEST_AUTH, type StoreKind } from '@cx/test-kit'
import { buildApp } from '../app.ts'
import { rebuildKpiFactsIfAsked } from '../projections/kpi-facts-rebuild.ts'
import { customer, order, project, response, ticket, violation } from './kpi-test-data.ts'

const KPI = '/tmf-api/cxAnalytics/v1/kpi'
type Point = { periodStart: string, periodEnd: string, value: number | null, sampleSize: number, lowSample: boolean, p90?: number | null, penalties?: Array<{ value: number, unit: string }> }

async function startKpiApp (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind): Promise<FastifyInstance> {
  const app = await buildApp({ ...await serverTestOptions(t, kind), cx: { hubSecret: 'kpi-test-hub-secret-0123456789', token: await devIssueToken(TEST_AUTH, 'operator'), sync: false } } as never)
  t.teardown(() => app.close())
  await app.ready()
  return app
}

/**
 * The fixed dataset, values by hand. March 2026, customer c1 (residential) served by p1:
 * - 10 NPS answers: 5 promoters (9–10), 3 passives, 2 detractors → NPS 30, detractors 20 %;
 *   CSAT 5, 4, 2, 3 → 50 % satisfied, mean 3.5; CES 7 and 4 → 5.5.
 * - tickets (hours from creation): T1 ack 2, resolved 6; T2 ack 4, pending 10 h, resolved 24 (net 14);
 *   T3 ack 1, resolved 12, reopened; T4 ack 8, held 10 h, resolved 30 (net 20).
 * - orders: O1 completed in 48 h (fibre-1g, web), O2 completed in 24 h (tv, shop), O3 failed
 *   (fibre-1g), O4 cancelled, O5 still in progress.
 * - violations of p1: on T1 (500 EUR), on O3 (200 EUR), on nothing (100 USD).
 * May 2026, customer c2 (business) served by p2: one response NPS 0, CSAT 1; ticket T5 without a
 * partner resolved in 5 h.
 */
async function seed (app: FastifyInstance): Promise<void> {
  const nps = [10, 9, 9, 10, 9, 7, 8, 7, 3, 6]
  const csat = [5, 4, 2, 3]
  const ces = [7, 4]
  await project(app, [
    customer('c1', 'residential', 'p1'),
    customer('c2', 'business', 'p2'),
    ...nps.map((n, i) => response(`r${i}`, `2026-03-${String(i + 10).padStart(2, '0')}T12:00:00.000Z`, 'c1', 'p1', {
      npsValue: n, ...(csat[i] === undefined ? {} : { csat: csat[i] }), ...(ces[i] === undefined ? {} : { ces: ces[i] })
    })),
    response('r-invited', '2026-03-10T12:00:00.000Z', 'c1', 'p1', { npsValue: 0 }, 'invited'),
    response('r-may', '2026-05-10T12:00:00.000Z', 'c2', 'p2', { npsValue: 0, csat: 1 }),
    ticket('T1', '2026-03-02T08:00:00Z', [['inProgress', '2026-03-02T10:00:00Z'], ['resolved', '2026-03-02T14:00:00Z']], 'c1', 'p1'),
    ticket('T2', '2026-03-03T00:00:00Z', [['inProgress', '2026-03-03T04:00:00Z'], ['pending', '2026-03-03T06:00:00Z'], ['inProgress', '2026-03-03T16:00:00Z'], ['resolved', '2026-03-04T00:00:00Z']], 'c1', 'p1'),
    ticket('T3', '2026-03-05T00:00:00Z', [['inProgress', '2026-03-05T01:00:00Z'], ['resolved', '2026-03-05T12:00:00Z'], ['inProgress', '2026-03-06T00:00:00Z'], ['resolved', '2026-03-06T06:00:00Z']], 'c1', 'p1'),
    ticket('T4', '2026-03-10T00:00:00Z', [['inProgress', '2026-03-10T08:00:00Z'], ['held', '2026-03-10T10:00:00Z'], ['inProgress', '2026-03-10T20:00:00Z'], ['resolved', '2026-03-11T06:00:00Z']], 'c1', 'p1'),
    ticket('T5', '2026-05-01T00:00:00Z', [['inProgress', '2026-05-01T01:00:00Z'], ['resolved', '2026-05-01T05:00:00Z']], 'c2', null),
    order('O1', '2026-03-01T00:00:00Z', [['inProgress', '2026-03-01T01:00:00Z'], ['completed', '2026-03-03T00:00:00Z']], 'c1', 'p1', ['fibre-1g'], ['web']),
    order('O2', '2026-03-02T00:00:00Z', [['completed', '2026-03-03T00:00:00Z']], 'c1', 'p1', ['tv'], ['shop']),
    order('O3', '2026-03-04T00:00:00Z', [['failed', '2026-03-05T00:00:00Z']], 'c1', 'p1', ['fibre-1g']),
    order('O4', '2026-03-06T00:00:00Z', [['cancelled', '2026-03-06T12:00:00Z']], 'c1', 'p1'),
    order('O5', '2026-03-07T00:00:00Z', [['inProgress', '2026-03-07T12:00:00Z']], 'c1', 'p1'),
    violation('V1', '2026-03-02T15:00:00Z', 'c1', 'p1', { value: 500, unit: 'EUR' }, [['TroubleTicket', 'T1']]),
    violation('V2', '2026-03-05T00:00:00Z', 'c1', 'p1', { value: 200, unit: 'EUR' }, [['ProductOrder', 'O3']]),
    violation('V3', '2026-03-20T00:00:00Z', 'c1', 'p1', { value: 100, unit: 'USD' }, [])
  ])
}

const MONTHS = 'period=month&from=2026-03-01&to=2026-05-31'

for (const kind of storeKinds()) {
  t.test(`KPIs on ${kind}`, async (t) => {
    const app = await startKpiApp(t, kind)
    await seed(app)
    const op = as(app, 'operator')
    const series = async (name: string, query: string, who = 'operator'): Promise<Point[]> => {
      const res = await as(app, who)({ method: 'GET', url: `${KPI}/${name}?${query}` })
      if (res.statusCode !== 200) throw new Error(`${name}?${query}: ${res.statusCode} ${res.body}`)
      return (res.json() as { series: Point[] }).series
    }
    const values = async (name: string, query = MONTHS, who = 'operator'): Promise<Array<number | null>> => (await series(name, query, who)).map((p) => p.value)

    t.test('definitions', async (t) => {
      const res = await op({ method: 'GET', url: KPI })
      t.equal(res.statusCode, 200)
      const defs = res.json() as Array<{ name: string, formula: string, higherIsBetter: boolean }>
      t.same(defs.map((d) => d.name), ['nps', 'detractorShare', 'csat', 'csatMean', 'ces', 'mtta', 'mttr', 'mttrNet', 'fcr', 'reopenRate', 'repeatContactRate', 'outageMinutesPerCustomer', 'timeToFirstCommunication', 'orderToActivation', 'orderFalloutRate', 'slaCompliance', 'slaPenalties'])
      t.ok(defs.every((d) => d.formula.length > 20))
    })

    t.test('survey KPIs by month, with an empty month', async (t) => {
      const nps = await series('nps', MONTHS)
      t.same(nps.map((p) => [p.periodStart, p.periodEnd, p.value, p.sampleSize, p.lowSample]), [
        ['2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 30, 10, true],
        ['2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z', null, 0, true],
        ['2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z', -100, 1, true]
      ])
      t.same((await series('nps', `${MONTHS}&minSample=10`)).map((p) => p.lowSample), [false, true, true])
      t.same(await values('detractorShare'), [20, null, 100])
      t.same(await values('csat'), [50, null, 0])
      t.same(await values('csatMean'), [3.5, null, 1])
      t.same(await values('ces'), [5.5, null, null])
    })

    t.test('ticket KPIs: medians and p90 by percentile_cont', async (t) => {
      // mtta [1, 2, 4, 8]: p50 3, p90 at rank 2.7 → 4 + 0.7 × 4 = 6.8
      const mtta = await series('mtta', MONTHS)
      t.same(mtta.map((p) => [p.value, p.p90, p.sampleSize]), [[3, 6.8, 4], [null, null, 0], [1, 1, 1]])
      // mttr [6, 12, 24, 30]: p50 18, p90 24 + 0.7 × 6 = 28.2; net [6, 12, 14, 20]: p50 13, p90 18.2
      t.same((await series('mttr', MONTHS)).map((p) => [p.value, p.p90]), [[18, 28.2], [null, null], [5, 5]])
      t.same((await series('mttrNet', MONTHS)).map((p) => [p.value, p.p90]), [[13, 18.2], [null, null], [5, 5]])
      // FCR: T1 and T4 (held is not pending); T2 pending, T3 reopened
      t.same(await values('fcr'), [50, null, 100])
      t.same(await values('reopenRate'), [25, null, 0])
    })

    t.test('order and SLA KPIs', async (t) => {
      // completed in 48 h and 24 h: p50 36, p90 24 + 0.9 × 24 = 45.6
      t.same((await series('orderToActivation', MONTHS)).map((p) => [p.value, p.p90, p.sampleSize]), [[36, 45.6, 2], [null, null, 0], [null, null, 0]])
      t.same(await values('orderFalloutRate'), [50, null, null], 'O3 failed and O4 cancelled among 4 closed orders')
      // 4 tickets + 4 closed orders of p1, T1 and O3 violated → 6 / 8; T5 has no partner: not SLA-governed
      const compliance = await series('slaCompliance', MONTHS)
      t.same(compliance.map((p) => [p.value, p.sampleSize]), [[75, 8], [null, 0], [null, 0]])
      const penalties = await series('slaPenalties', MONTHS)
      t.same(penalties[0], { periodStart: '2026-03-01T00:00:00Z', periodEnd: '2026-04-01T00:00:00Z', value: null, sampleSize: 3, lowSample: true, penalties: [{ value: 700, unit: 'EUR' }, { value: 100, unit: 'USD' }] })
      t.same(penalties[1]?.penalties, [])
      const eurOnly = await series('slaPenalties', 'period=day&from=2026-03-02&to=2026-03-02')
      t.same(eurOnly.map((p) => [p.value, p.penalties]), [[500, [{ value: 500, unit: 'EUR' }]]])
    })

    t.test('filters', async (t) => {
      t.same(await values('nps', `${MONTHS}&partner.id=p2`), [null, null, -100])
      t.same(await values('nps', `${MONTHS}&customer.id=c1`), [30, null, null])
      t.same(await values('nps', `${MONTHS}&segment=business`), [null, null, -100])
      t.same(await values('mttr', `${MONTHS}&segment=residential`), [18, null, null])
      t.same(await values('orderToActivation', `${MONTHS}&productOffering.id=fibre-1g`), [48, null, null])
      t.same(await values('orderFalloutRate', `${MONTHS}&productOffering.id=fibre-1g`), [50, null, null])
      t.same(await values('orderFalloutRate', `${MONTHS}&channel.id=web`), [0, null, null])
      t.same(await values('nps', `${MONTHS}&partner.id=nobody`), [null, null, null])
    })

    t.test('partner scope', async (t) => {
      t.same(await values('nps', MONTHS, 'p2'), [null, null, -100], 'p2 sees its share only')
      t.same(await values('nps', `${MONTHS}&partner.id=p1`, 'p1'), [30, null, null])
      const res = await as(app, 'p2')({ method: 'GET', url: `${KPI}/nps?${MONTHS}&partner.id=p1` })
      t.equal(res.statusCode, 403)
      t.match(res.json(), { '@type': 'Error', status: 403, code: 'ERR403' })
    })

    t.test('weeks are ISO weeks; days follow the time zone', async (t) => {
      const weeks = await series('mttr', 'period=week&from=2026-03-01&to=2026-03-08')
      // 2026-03-01 is a Sunday: its ISO week starts on Monday 23 February
      t.same(weeks.map((p) => [p.periodStart, p.value, p.sampleSize]), [['2026-02-23T00:00:00Z', null, 0], ['2026-03-02T00:00:00Z', 12, 3]], 'T1 6 h, T3 12 h, T2 24 h: median 12 (T4 resolved on 11 March)')
      // T1 resolved at 14:00Z = 23:00 in Tokyo (+09:00) on 2 March; T2 at 00:00Z on 4 March = 09:00 on 4 March
      const tokyo = await series('mttr', 'period=day&from=2026-03-02&to=2026-03-04&tz=Asia/Tokyo')
      t.same(tokyo.map((p) => [p.periodStart, p.value]), [['2026-03-02T00:00:00+09:00', 6], ['2026-03-03T00:00:00+09:00', null], ['2026-03-04T00:00:00+09:00', 24]])
    })

    t.test('buckets at local midnight across a DST change (Europe/Paris, 30 March 2025)', async (t) => {
      await project(app, [
        response('dst-a', '2025-03-29T23:30:00.000Z', 'c9', 'p9', { npsValue: 10 }), // 00:30 on 30 March in Paris (+01:00)
        response('dst-b', '2025-03-30T21:59:59.000Z', 'c9', 'p9', { npsValue: 0 }), // 23:59:59 on 30 March (+02:00)
        response('dst-c', '2025-03-30T22:00:00.000Z', 'c9', 'p9', { npsValue: 9 }) // local midnight of 31 March (+02:00)
      ])
      const q = 'period=day&from=2025-03-29&to=2025-03-31&partner.id=p9'
      const paris = await series('nps', `${q}&tz=Europe/Paris`)
      t.same(paris.map((p) => [p.periodStart, p.periodEnd, p.value, p.sampleSize]), [
        ['2025-03-29T00:00:00+01:00', '2025-03-30T00:00:00+01:00', null, 0],
        ['2025-03-30T00:00:00+01:00', '2025-03-31T00:00:00+02:00', 0, 2], // a 23-hour day
        ['2025-03-31T00:00:00+02:00', '2025-04-01T00:00:00+02:00', 100, 1]
      ])
      t.same((await series('nps', q)).map((p) => [p.value, p.sampleSize]), [[100, 1], [0, 2], [null, 0]], 'the same answers by UTC days')
      const weeks = await series('nps', 'period=week&from=2025-03-24&to=2025-03-31&partner.id=p9&tz=Europe/Paris')
      t.same(weeks.map((p) => [p.periodStart, p.periodEnd, p.sampleSize]), [
        ['2025-03-24T00:00:00+01:00', '2025-03-31T00:00:00+02:00', 2],
        ['2025-03-31T00:00:00+02:00', '2025-04-07T00:00:00+02:00', 1]
      ])
      const fromMidDay = await series('nps', 'period=day&from=2025-03-30T12:00:00%2B02:00&to=2025-03-31T00:00:00%2B02:00&partner.id=p9&tz=Europe/Paris')
      t.same(fromMidDay.map((p) => [p.periodStart, p.sampleSize]), [['2025-03-30T00:00:00+01:00', 2]], 'whole buckets: the first holds from, the last the instant before to')
    })

    t.test('bad input is a 400 TMF Error; an unknown KPI a 404', async (t) => {
      for (const q of ['period=year', 'from=2026-13-01&to=2026-12-01', 'from=yesterday', 'tz=Mars/Olympus', 'from=2026-05-01&to=2026-04-01', 'minSample=-1', 'period=day&from=2000-01-01&to=2026-01-01']) {
        const res = await op({ method: 'GET', url: `${KPI}/nps?${q}` })
        t.equal(res.statusCode, 400, q)
        t.match(res.json(), { '@type': 'Error', status: 400, code: 'ERR400' }, q)
      }
      // ICU still knows zones the tz database dropped; the database computes the buckets, so it decides.
      t.ok(Intl.DateTimeFormat('en', { timeZone: 'US/Pacific-New' }).resolvedOptions().timeZone.length > 0, 'ICU accepts US/Pacific-New')
      const dropped = await op({ method: 'GET', url: `${KPI}/nps?tz=US/Pacific-New` })
      t.equal(dropped.statusCode, 400, 'a zone ICU knows and the database does not')
      t.match(dropped.json(), { '@type': 'Error', status: 400, code: 'ERR400', message: /tz must be an IANA time zone/ })
      t.equal((await op({ method: 'GET', url: `${KPI}/nps?tz=America/New_York` })).statusCode, 200, 'a zone both know')
      const res = await op({ method: 'GET', url: `${KPI}/happiness` })
      t.equal(res.statusCode, 404)
      t.match(res.json(), { '@type': 'Error', status: 404 })
    })

    t.test('a deleted record leaves no fact', async (t) => {
      await app.db.transaction(async (tx) => {
        const { projectVersions } = await import('../projections/project.ts')
        await projectVersions(tx, [{ kind: 'surveyResponse', doc: { id: 'r-may' }, deleted: true, at: '2026-06-02T00:00:00.000Z' }], new Date())
      })
      t.same(await values('nps', `${MONTHS}&partner.id=p2`), [null, null, null])
    })
  })
}

for (const kind of storeKinds()) {
  t.test(`a read model filled before cx_fact existed gets the same facts at start (${kind})`, async (t) => {
    const app = await startKpiApp(t, kind)
    await seed(app)
    const call = as(app, 'operator')
    const before = (await call({ method: 'GET', url: `${KPI}/mttr?${MONTHS}` })).json() as unknown
    const facts = async (): Promise<unknown[]> => (await app.db.query('SELECT entity_key, seq, kind, at, hours, net_hours, nps, csat, ces, outcome, amount, unit, ref_keys FROM cx_fact ORDER BY entity_key, seq')).rows
    const expected = await facts()
    await app.db.query('DELETE FROM cx_fact')
    await app.db.query("INSERT INTO cx_rebuild (what) VALUES ('kpi-facts')")
    t.equal(await rebuildKpiFactsIfAsked(app.db), 25, 'every record but the customers: 12 responses, 5 tickets, 5 orders, 3 violations')
    t.same(await facts(), expected)
    t.same((await call({ method: 'GET', url: `${KPI}/mttr?${MONTHS}` })).json(), before)
    t.equal((await app.db.query('SELECT * FROM cx_rebuild')).rows.length, 0, 'done once')
  })
}

t.test('the KPI catalogue is a TMF630 list: paging, fields, count headers', async (t) => {
  const { buildApp } = await import('../app.ts')
  const { serverTestOptions, as: asCaller } = await import('@cx/test-kit')
  const app = await buildApp({ ...await serverTestOptions(t, 'pglite'), cx: { hubSecret: 'x'.repeat(20), token: 't', sync: false } } as never)
  t.teardown(() => app.close())
  const op = asCaller(app, 'operator')
  const all = await op({ method: 'GET', url: '/tmf-api/cxAnalytics/v1/kpi' })
  t.equal(all.statusCode, 200)
  const total = Number(all.headers['x-total-count'])
  t.equal(all.json().length, total)
  t.ok(total >= 14)
  const page = await op({ method: 'GET', url: '/tmf-api/cxAnalytics/v1/kpi?offset=1&limit=2&fields=unit' })
  t.equal(page.headers['x-result-count'], '2')
  t.same(Object.keys(page.json()[0]).sort(), ['name', 'unit'])
  t.equal(page.json()[0].name, all.json()[1].name)
  t.equal((await op({ method: 'GET', url: '/tmf-api/cxAnalytics/v1/kpi?unit=percent' })).statusCode, 400, 'no filters on the catalogue')
  t.equal((await op({ method: 'GET', url: '/tmf-api/cxAnalytics/v1/kpi?limit=x' })).statusCode, 400)
})
