import fp from 'fastify-plugin'
import fastifyMetricsModule from 'fastify-metrics'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { FastifyInstance } from 'fastify'
import type { Db } from '@cx/store'

declare module 'fastify' {
  interface FastifyInstance {
    /** This server's Prometheus metrics (observability/metrics.ts); what `/metrics` serves. */
    prometheus: MetricsRegistrar
  }
}

/** One sample of a gauge computed at scrape time. */
export interface Sample { labels?: Record<string, string>, value: number }

/**
 * Where metrics are declared. Each server has its own prom-client `Registry`, so several servers
 * in one process (tests, tools) never collide, and one server — the embedded suite runs every app
 * in one — registers each metric once: asking again for a name returns the metric already made.
 * Names follow the Prometheus conventions (`_total` counters, base units: seconds, bytes).
 */
export interface MetricsRegistrar {
  readonly registry: Registry
  counter: (name: string, help: string, labelNames?: readonly string[]) => Counter
  histogram: (name: string, help: string, labelNames?: readonly string[], buckets?: readonly number[]) => Histogram
  /**
   * A gauge whose samples `collect` computes at each scrape (a query over the database). A failing
   * collection leaves the gauge empty for that scrape rather than failing `/metrics`.
   */
  gauge: (name: string, help: string, labelNames: readonly string[], collect: () => Promise<readonly Sample[]>) => Gauge
}

/** Latency buckets (seconds) for HTTP requests and hub deliveries: 5 ms … 10 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export function createMetricsRegistrar (): MetricsRegistrar {
  const registry = new Registry()
  const existing = <M>(name: string): M | undefined => registry.getSingleMetric(name) as M | undefined
  return {
    registry,
    counter (name, help, labelNames = []) {
      return existing<Counter>(name) ?? new Counter({ name, help, labelNames: [...labelNames], registers: [registry] })
    },
    histogram (name, help, labelNames = [], buckets = LATENCY_BUCKETS) {
      return existing<Histogram>(name) ?? new Histogram({ name, help, labelNames: [...labelNames], buckets: [...buckets], registers: [registry] })
    },
    gauge (name, help, labelNames, collect) {
      const found = existing<Gauge>(name)
      if (found !== undefined) return found
      return new Gauge({
        name,
        help,
        labelNames: [...labelNames],
        registers: [registry],
        async collect () {
          this.reset()
          let samples: readonly Sample[]
          try {
            samples = await collect()
          } catch {
            return // the database is away: no sample this scrape (the health endpoint says why)
          }
          for (const s of samples) {
            if (s.labels === undefined) this.set(s.value)
            else this.set(s.labels, s.value)
          }
        }
      })
    }
  }
}

/**
 * `GET /metrics` in the Prometheus text format (fastify-metrics over prom-client): RED per route
 * pattern (`http_request_duration_seconds{method,route,status_code}`; its `_count` is the rate,
 * 5xx codes the errors), the Node.js process metrics, and the engine's own gauges below. Only
 * registered routes are measured, so a scan of random URLs cannot grow the label set.
 */
export const metricsPlugin = fp(async (app: FastifyInstance, opts: { registrar: MetricsRegistrar }) => {
  const { registrar } = opts
  app.decorate('prometheus', registrar)
  // A CommonJS module whose plugin is its `default` export.
  await app.register(fastifyMetricsModule.default, {
    // fastify-metrics' own decorator (its route histograms), apart from ours.
    name: 'routeMetrics',
    endpoint: '/metrics',
    defaultMetrics: { enabled: true, register: registrar.registry },
    routeMetrics: {
      enabled: { histogram: true, summary: false },
      registeredRoutesOnly: true,
      groupStatusCodes: false,
      routeBlacklist: ['/metrics', '/health', /^\/health\//],
      // Both on this server's registry: fastify-metrics always creates the summary (never observed
      // here), and nothing may land on prom-client's global registry, shared by the whole process.
      overrides: {
        histogram: { name: 'http_request_duration_seconds', buckets: LATENCY_BUCKETS, registers: [registrar.registry] },
        summary: { name: 'http_request_summary_seconds', registers: [registrar.registry] }
      }
    }
  })
}, { name: '@cx/engine/metrics' })

/**
 * The engine's gauges over its own tables, computed at scrape time: pool usage, outbox depth and
 * age, deliveries by state. Each is one indexed query (partial indexes on pending/dead rows).
 */
export function registerStoreGauges (m: MetricsRegistrar, db: Db): void {
  m.gauge('cx_db_pool_connections', 'PostgreSQL pool connections by state (total, idle, waiting = callers queued for one; max = the pool size)', ['state'], async () => {
    const s = db.poolStats?.()
    if (s === undefined) return []
    return [{ labels: { state: 'max' }, value: s.max }, { labels: { state: 'total' }, value: s.total }, { labels: { state: 'idle' }, value: s.idle }, { labels: { state: 'waiting' }, value: s.waiting }]
  })
  const outbox = async (): Promise<{ depth: number, age: number }> => {
    const res = await db.query<{ depth: string, age: number | null }>(
      'SELECT count(*) AS depth, extract(epoch FROM now() - min(created_at))::float8 AS age FROM cx_outbox WHERE relayed_at IS NULL')
    const row = res.rows[0]
    return { depth: Number(row?.depth ?? 0), age: Math.max(0, Number(row?.age ?? 0)) }
  }
  m.gauge('cx_outbox_pending_events', 'Outbox events committed but not yet fanned out to subscriptions', [], async () => [{ value: (await outbox()).depth }])
  m.gauge('cx_outbox_oldest_pending_age_seconds', 'Age of the oldest outbox event not yet fanned out (0 when none)', [], async () => [{ value: (await outbox()).age }])
  m.gauge('cx_hub_deliveries', 'Hub deliveries by state: pending (no attempt yet), retrying (failed at least once, will retry), dead (dead letters)', ['state'], async () => {
    const res = await db.query<{ pending: string, retrying: string, dead: string }>(
      `SELECT count(*) FILTER (WHERE state = 'pending' AND attempts = 0) AS pending,
              count(*) FILTER (WHERE state = 'pending' AND attempts > 0) AS retrying,
              count(*) FILTER (WHERE state = 'dead') AS dead
       FROM cx_delivery WHERE state IN ('pending', 'dead')`)
    const row = res.rows[0]
    return (['pending', 'retrying', 'dead'] as const).map((state) => ({ labels: { state }, value: Number(row?.[state] ?? 0) }))
  })
}
