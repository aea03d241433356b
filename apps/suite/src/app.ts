import type { FastifyInstance } from 'fastify'
import { buildTmfServer, type TmfServerOptions } from '@cx/engine'
import { devIssueToken } from '@cx/auth'
import { SUITE_APIS, SUITE_SEEDS } from './apis.ts'
import { runSeeds } from './seed/seed-runner.ts'

export interface SuiteOptions extends TmfServerOptions {
  /** Seed the demo story on first start (default: in embedded mode). */
  seed?: boolean
}

/** Every CX Suite API in one process behind one port (embedded mode). Never listens. */
export async function buildSuite (opts: SuiteOptions): Promise<FastifyInstance> {
  const app = await buildTmfServer(SUITE_APIS, opts)
  if (opts.seed ?? opts.mode === 'embedded') {
    await app.ready()
    const seeded = await runSeeds(app, SUITE_SEEDS, async (who) => await devIssueToken({ ...opts.auth, mode: 'embedded' }, who))
    if (seeded.length > 0) app.log.info({ seeded }, 'demo data seeded')
  }
  return app
}
