import type { FastifyInstance } from 'fastify'

export interface ReadinessChecks {
  database: 'up' | 'down'
  migrations: 'done' | 'pending'
  relay: 'running' | 'stopped'
  /** Absent without REDIS_URL (deliveries run in process). */
  redis?: 'up' | 'down'
}

/**
 * Probes for orchestrators (Kubernetes liveness/readiness, compose healthchecks), public and
 * outside the TMF roots:
 * - `GET /health/live`: 200 while the process serves HTTP at all; it checks nothing else, so a
 *   database outage never gets a healthy process restarted.
 * - `GET /health/ready`: 200 only when the database answers, every migration this app needs is
 *   recorded, the event relay is running and, when REDIS_URL is set, Redis is connected; 503
 *   otherwise, with the failing checks in the body so an operator sees which one.
 * `GET /health` stays as before (database reachable) for existing probes.
 */
export async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    const checks: ReadinessChecks = { database: 'down', migrations: 'pending', relay: 'stopped' }
    try {
      const res = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cx_migration WHERE id = ANY($1::text[])', [app.migrationIds])
      checks.database = 'up'
      if (res.rows[0]?.n === new Set(app.migrationIds).size) checks.migrations = 'done'
    } catch (err) {
      app.log.debug({ err }, 'readiness: database check failed')
    }
    const relay = app.relay.status()
    if (relay.running) checks.relay = 'running'
    if (relay.queue === 'bullmq') checks.redis = relay.connected ? 'up' : 'down'
    const ready = checks.database === 'up' && checks.migrations === 'done' && checks.relay === 'running' && checks.redis !== 'down'
    return await reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks })
  })
}
