import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { storeKinds, testDbOptions, until } from '@cx/test-kit'
import { buildSuite } from './app.ts'

type Doc = Record<string, any>

const C360 = '/tmf-api/customer360/v5/customer360'
const JOURNEY = '/tmf-api/cxAnalytics/v1/journeyEvent'
const RECOVERY = '/tmf-api/cxAnalytics/v1/recovery'
const CUSTOMERS = '/tmf-api/customerManagement/v5/customer'
// The first back-fill of the whole demo story on PGlite, then the loop, on a shared machine: a ceiling.
const CEILING_MS = 240_000

// What `pnpm start` serves (seed/closed-loop.seed.ts): one full loop, visible in the 360.
for (const kind of storeKinds()) {
  t.test(`the demo story has one full closed loop: Northwind's detractor answer is followed through (${kind})`, async (t) => {
    const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
    const app: FastifyInstance = await buildSuite({ ...opts, db: await testDbOptions(t, kind), logger: false })
    t.teardown(() => app.close())
    await app.listen({ host: '127.0.0.1', port: 0 })
    const get = async (url: string): Promise<any> => (await app.inject({ method: 'GET', url })).json()
    const [northwind] = await get(`${CUSTOMERS}?engagedParty.id=cust-003`) as Doc[]
    const [ada] = await get(`${CUSTOMERS}?engagedParty.id=cust-001`) as Doc[]

    const recovery = await until('Northwind\'s recovery followed up', async () => {
      const [r] = await get(`${RECOVERY}?customer.id=${String(northwind?.id)}`) as Doc[]
      return r?.state === 'followedUp' ? r : undefined
    }, CEILING_MS)
    t.match(recovery, { npsBefore: 2, csatBefore: 1, npsAfter: 8, csatAfter: 4, partner: { id: 'fixit' } })
    const complaint = await get(String(recovery.complaintTicket.href)) as Doc
    t.match(complaint, { ticketType: 'Complaint', severity: 'Critical', status: 'resolved' })

    const view = await until('Northwind\'s 360 with the loop closed', async () => {
      const d = await get(`${C360}/${String(northwind?.id)}`) as Doc
      return d.experience?.openRecoveries === 0 && d.journey?.some((e: Doc) => e.kind === 'followUpAnswered') === true ? d : undefined
    }, CEILING_MS)
    t.equal(view.experience.npsValue, 8, 'the follow-up answer is her latest NPS')
    const journey = await get(`${JOURNEY}?customer.id=${String(northwind?.id)}&kind=recoveryOpened,recoveryResolved,followUpAnswered`) as Doc[]
    t.same(journey.map((e) => e.kind), ['recoveryOpened', 'recoveryResolved', 'followUpAnswered'])

    const adas = await until('Ada\'s open recovery in her 360', async () => {
      const d = await get(`${C360}/${String(ada?.id)}`) as Doc
      return d.experience?.openRecoveries === 1 ? d : undefined
    }, CEILING_MS)
    t.ok(adas.troubleTicket.some((x: Doc) => x.ticketType === 'Complaint' && String(x.name).startsWith('Detractor call-back')), 'the complaint cx opened for her NPS 3')
  })
}
