import Fastify, { type FastifyInstance } from 'fastify'
import { registerDashboard } from './dashboard-plugin.ts'
import type { DashboardConfig } from './config-types.ts'

/** The dashboard's own static server (production): the built assets and their configuration. Never listens. */
export async function buildDashboardServer (opts: { config: DashboardConfig, distDir?: string, logger?: boolean }): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false })
  await registerDashboard(app, { config: opts.config, ...(opts.distDir === undefined ? {} : { distDir: opts.distDir }) })
  app.get('/health', async () => ({ status: 'ok' }))
  return app
}
