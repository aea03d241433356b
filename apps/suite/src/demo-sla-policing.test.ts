import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { storeKinds, testDbOptions, until } from '@cx/test-kit'
import { buildSuite } from './app.ts'

type Body = Record<string, unknown>
const ROOT = '/tmf-api/slaManagement/v4'

for (const kind of storeKinds()) {
  t.test(`demo: the watcher detects FixIt's breaches on its own and a settlement freezes them, on ${kind}`, async (t) => {
    const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
    const app = await buildSuite({ ...opts, db: await testDbOptions(t, kind), logger: false })
    t.teardown(() => app.close())
    await app.listen({ port: 0, host: '127.0.0.1' })
    const get = async (url: string): Promise<Body[]> => (await app.inject({ method: 'GET', url })).json() as Body[]
    const settlements = await until('the demo settlement', async () => {
      const list = await get(`${ROOT}/slaSettlement?partner.id=fixit`)
      return list.length > 0 ? list : undefined
    })
    const settlement = settlements[0] as Body
    const lines = settlement.violation as Body[]
    const sum = lines.reduce((n, l) => n + Number((l.penalty as Body | undefined)?.value ?? 0), 0)
    t.same(settlement.total, [{ unit: 'EUR', value: sum }], 'the total is the sum of the violations it lists')
    const ids = lines.map((v) => v.id)
    const policed: Body[] = []
    for (const id of ids) {
      const v = (await app.inject({ method: 'GET', url: `${ROOT}/slaViolation/${String(id)}` })).json() as Body
      t.equal(v.state, 'settled')
      t.match(v.description, /detected automatically/, 'raised by the watcher, not recorded by hand')
      if (String((v.rule as Body).id).startsWith('field-')) policed.push(v)
    }
    // The late ticket's acknowledgement (75 EUR), the forgotten one's acknowledgement (75) and resolution (250).
    t.same(policed.map((v) => [(v.rule as Body).id, (v.consequence as Body & { penalty: Body }).penalty.value]).sort(), [['field-tta', 75], ['field-tta', 75], ['field-ttr', 250]])
    const clocks = await get(`${ROOT}/slaClock?rule.id=field-tta`)
    // The story's three FixIt tickets, and the main story's two FixIt tickets (opened while the SLA is in force).
    t.same(clocks.map((c) => c.state).sort(), ['breached', 'stopped', 'stopped', 'stopped', 'stopped'], 'a clock per FixIt ticket: the forgotten one still running past its deadline')
    t.same(clocks.map((c) => c.breached).sort(), [false, false, false, true, true])
  })
}
