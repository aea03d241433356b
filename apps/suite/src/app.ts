import type { FastifyInstance } from 'fastify'
import { buildTmfServer, type TmfServerOptions } from '@cx/engine'
import { devIssueToken } from '@cx/auth'
import { CX_PUBLIC_PATHS, cxOptionsFromEnv, cxPlugin, type CxSyncOptions } from '@cx/cx'
import { SLA_PUBLIC_PATHS, slaWatchFromEnv, slaWatchPlugin, type SlaWatchOptions } from '@cx/sla'
import { settleDemoPeriod } from './seed/sla-policing.seed.ts'
import { SUITE_SEEDS, suiteApis } from './apis.ts'
import { runSeeds } from './seed/seed-runner.ts'
import { DemoClock } from './seed/demo-clock.ts'
import { serveDashboard } from './dashboard.ts'

export interface SuiteOptions extends TmfServerOptions {
  /** Seed the demo story on first start (default: in embedded mode). */
  seed?: boolean
  /** The cx service's link to the others (default in embedded mode: the dev secret and issuer, this server's own address). */
  cx?: CxSyncOptions
  /** The SLA watcher's link to the ticket and order hubs (default in embedded mode: the dev secret and issuer; otherwise off unless given). */
  slaWatch?: SlaWatchOptions
}

/**
 * Every CX Suite API in one process behind one port (embedded mode). Never listens; once it
 * does, the cx service subscribes to the others' hubs on this same server and back-fills.
 */
export async function buildSuite (opts: SuiteOptions): Promise<FastifyInstance> {
  if (opts.cx === undefined && opts.mode !== 'embedded') throw new Error('suite: outside embedded mode the cx options (hub secret, token) must be given')
  const cx = opts.cx ?? cxOptionsFromEnv({}, 'embedded', opts.auth)
  // The demo story's past months are seeded with this clock moved back (seed/history.seed.ts).
  const clock = new DemoClock(opts.now)
  const app = await buildTmfServer(suiteApis({ defaultLimit: opts.defaultLimit ?? 20, maxLimit: opts.maxLimit ?? 1000 }), { ...opts, now: () => clock.now(), publicPaths: new RegExp(`${CX_PUBLIC_PATHS.source}|${SLA_PUBLIC_PATHS.source}`) })
  await app.register(cxPlugin, cx)
  const slaWatch = opts.slaWatch ?? (opts.mode === 'embedded' ? slaWatchFromEnv({}, 'embedded', opts.auth) : undefined)
  if (slaWatch !== undefined) await app.register(slaWatchPlugin, { ...slaWatch, now: () => clock.now(), redisUrl: slaWatch.redisUrl ?? opts.redisUrl, redisCluster: slaWatch.redisCluster ?? opts.redisCluster })
  // The dashboard comes with the embedded suite; in production it has its own static server.
  if (opts.mode === 'embedded') await serveDashboard(app, opts.auth.devClientSecret)
  if (opts.seed ?? opts.mode === 'embedded') {
    // The policing story ends with a settlement of the breaches the watcher detects on its own.
    app.addHook('onListen', async () => { settleDemoPeriod(app, async () => await devIssueToken({ ...opts.auth, mode: 'embedded' }, 'operator')).catch((err: unknown) => { app.log.error({ err }, 'demo SLA settlement failed') }) })
    await app.ready()
    const seeded = await runSeeds(app, SUITE_SEEDS, async (who) => await devIssueToken({ ...opts.auth, mode: 'embedded' }, who), clock)
    if (seeded.length > 0) app.log.info({ seeded }, 'demo data seeded')
  }
  return app
}
