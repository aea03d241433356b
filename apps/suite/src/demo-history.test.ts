import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { storeKinds, testDbOptions, until } from '@cx/test-kit'
import { buildSuite } from './app.ts'

type Doc = Record<string, any>

const KPI = '/tmf-api/cxAnalytics/v1/kpi'
const SCORECARD = '/tmf-api/cxAnalytics/v1/partnerScorecard'
// The first back-fill of the whole demo story on PGlite, on a shared machine: a ceiling, not a target.
const CEILING_MS = 240_000
// The story's present: the suite's clock starts here and runs at the real pace, so the history
// seed's six months are January to June 2026 whatever day the test runs.
const PRESENT = Date.parse('2026-07-15T12:00:00.000Z')
const HALF_YEAR = 'period=month&from=2026-01-01&to=2026-06-30'
const MONTH_STARTS = ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z']

/** NPS of a list of 0–10 answers: % promoters (9–10) − % detractors (0–6). */
const npsOf = (answers: number[]): number => Math.round(10_000 * (answers.filter((a) => a >= 9).length - answers.filter((a) => a <= 6).length) / answers.length) / 100

// What `pnpm start` serves: the embedded suite with its demo story, listening (cx syncs only then).
for (const kind of storeKinds()) {
  t.test(`the demo gives every partner six months of KPIs and scorecards (${kind})`, async (t) => {
    const started = Date.now()
    const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
    const app: FastifyInstance = await buildSuite({ ...opts, db: await testDbOptions(t, kind), logger: false, now: () => new Date(PRESENT + Date.now() - started) })
    t.teardown(() => app.close())
    await app.listen({ host: '127.0.0.1', port: 0 })
    const get = async (url: string): Promise<any> => {
      const res = await app.inject({ method: 'GET', url })
      if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`)
      return res.json()
    }

    // Each partner-month has three tickets: the back-fill is done when all 54 are attributed.
    const cards = await until('six months of scorecards for the three partners', async () => {
      const list = await get(`${SCORECARD}?${HALF_YEAR}&limit=100`) as Doc[]
      const full = list.length === 18 && list.every((c) => c.ticketsAttributed === 3 && c.ordersFulfilled + (c.orderFalloutRate > 0 ? 1 : 0) >= 1 && c.nps !== null)
      return full ? list : undefined
    }, CEILING_MS)

    t.test('a scorecard per partner and month, every one scored and ranked', async (t) => {
      t.same([...new Set(cards.map((c) => c.partner.id))].sort(), ['fibreco', 'fixit', 'streamplus'])
      t.same([...new Set(cards.map((c) => c.periodStart))], MONTH_STARTS)
      t.ok(cards.every((c) => typeof c.score === 'number' && c.rank >= 1 && c.rank <= 3), 'scored and ranked')
      t.same(cards.find((c) => c.partner.id === 'fibreco')?.partner, { id: 'fibreco', name: 'FibreCo Wholesale' })
      const fibreco = cards.filter((c) => c.partner.id === 'fibreco')
      t.ok((fibreco[5]?.score ?? 0) > (fibreco[0]?.score ?? 100), 'fibreco recovers over the half year')
      t.ok(fibreco.slice(1).every((c) => c.trend !== null), 'a trend from the second month on')
    })

    t.test('monthly KPI series per partner, as the seed wrote them', async (t) => {
      const series = async (name: string, partner: string): Promise<Doc[]> => (await get(`${KPI}/${name}?${HALF_YEAR}&partner.id=${partner}&minSample=1`)).series
      const nps = await series('nps', 'fibreco')
      t.same(nps.map((p) => p.periodStart), MONTH_STARTS)
      t.same(nps.map((p) => p.sampleSize), [4, 4, 4, 4, 4, 4], 'four answers a month')
      t.same(nps.map((p) => p.value), [[2, 4, 6, 7], [3, 5, 7, 8], [5, 6, 8, 9], [6, 7, 9, 9], [7, 8, 9, 10], [8, 9, 10, 10]].map(npsOf))
      // fibreco resolves in 60 − 9m + 4i hours (i = 0, 1, 2): the median is the middle ticket.
      t.same((await series('mttr', 'fibreco')).map((p) => p.value), [0, 1, 2, 3, 4, 5].map((m) => 60 - 9 * m + 4))
      for (const partner of ['fixit', 'streamplus']) {
        for (const name of ['nps', 'csat', 'mtta', 'mttr', 'orderToActivation']) {
          const points = await series(name, partner)
          t.ok(points.length === 6 && points.every((p) => p.value !== null && p.sampleSize > 0), `${partner}: ${name} every month`)
        }
      }
      t.same((await series('orderFalloutRate', 'fixit')).map((p) => p.value), [0, 50, 0, 50, 0, 50], 'fixit misses an installation every other month')
    })
  })
}
