import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { buildSuite } from './app.ts'
import { ctkDir, KITS } from './ctk/kits.ts'
import { runKit } from './ctk/run-kit.ts'

// The official TM Forum CTKs (../shared/ctk or CTK_DIR), run with newman against the embedded
// suite with default settings: the environment `pnpm start` reads, nothing switched on.
const dir = ctkDir()

async function listen (t: Test, seed: boolean): Promise<string> {
  const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
  const app: FastifyInstance = await buildSuite({ ...opts, db: { dataDir: 'memory://' }, logger: false, seed })
  t.teardown(() => app.close())
  return await app.listen({ host: '127.0.0.1', port: 0 })
}

// Without demo data every count is the kit's own: a change in them means the kit ran differently.
const EXPECTED: Record<string, { requests: number, assertions: number }> = {
  'TMF621 Trouble Ticket R18': { requests: 14, assertions: 158 },
  'TMF622 Product Ordering v4': { requests: 9, assertions: 63 }
}

t.test('both CTKs pass 100 % on an empty suite, every assertion counted', async (t) => {
  const base = await listen(t, false)
  for (const kit of KITS) {
    const result = await runKit(kit, dir, base)
    t.same(result.failures, [], `${kit.name}: no failed assertion`)
    t.equal(result.failed, 0, `${kit.name}: ${result.assertions - result.failed}/${result.assertions} assertions pass`)
    t.equal(result.requestErrors, 0, `${kit.name}: every request answered`)
    t.same({ requests: result.requests, assertions: result.assertions }, EXPECTED[kit.name], `${kit.name}: the whole kit ran`)
  }
})

t.test('both CTKs pass 100 % on the seeded demo suite (what pnpm start serves)', async (t) => {
  const base = await listen(t, true)
  for (const kit of KITS) {
    const result = await runKit(kit, dir, base)
    t.same(result.failures, [], `${kit.name}: no failed assertion`)
    t.equal(result.failed, 0, `${kit.name}: ${result.assertions - result.failed}/${result.assertions} assertions pass`)
    // The list tests assert on every listed resource, so demo data only adds assertions.
    t.ok(result.assertions > (EXPECTED[kit.name]?.assertions ?? Infinity), `${kit.name}: ${result.assertions} assertions, more than without demo data`)
  }
})
