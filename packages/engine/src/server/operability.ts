import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { appendAudit } from '@cx/store'
import type { DevLogin } from '@cx/auth'
import type { DeliveryConfig } from '@cx/events'
import { auditApi } from '../audit/audit-api.ts'
import { edgeProtection } from '../http/edge-protection.ts'
import type { ApiDeclaration } from '../resource/declaration.ts'
import type { WriteObserver } from '../resource/write-observer.ts'
import { businessMetrics, deliveryMetrics } from '../observability/app-metrics.ts'
import { withLogRedaction } from '../observability/logging.ts'
import { createMetricsRegistrar, metricsPlugin, registerStoreGauges, type MetricsRegistrar } from '../observability/metrics.ts'
import { requestIdHeader, requestIdOf } from '../observability/request-id.ts'
import { requestTracing } from '../observability/tracing.ts'
import type { TmfServerOptions } from './options.ts'

/**
 * The production concerns of a server in one place (issue 13): request ids, redacted logs,
 * traces, metrics, edge protection and the audit trail. build-server.ts calls these in order.
 */
export interface Operability {
  /** Fastify constructor options: redacting logger, X-Request-Id, trustProxy. */
  serverOptions: Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'trustProxy'>
  /** The APIs served plus the audit trail (`/tmf-api/audit/v1/auditRecord`), once. */
  apis: readonly ApiDeclaration[]
  /** Business counters, for every ResourceService. */
  writeObserver: WriteObserver | undefined
  /** The delivery configuration with the delivery metrics observer. */
  delivery: DeliveryConfig
  /** Records dev-issuer logins in the audit trail. */
  onLogin: (app: FastifyInstance) => (login: DevLogin) => Promise<void>
  /** Registers request ids, tracing, metrics and edge protection; before any route. */
  registerEdge: (app: FastifyInstance) => Promise<void>
  /** Registers the store gauges and the APIs' own metrics; after the database plugin. */
  registerGauges: (app: FastifyInstance) => void
}

export function operability (apis: readonly ApiDeclaration[], opts: TmfServerOptions): Operability {
  const metricsOn = opts.metrics?.enabled !== false
  const registrar: MetricsRegistrar | undefined = metricsOn ? createMetricsRegistrar() : undefined
  const all = apis.some((a) => a.name === auditApi.name) ? apis : [...apis, auditApi]
  return {
    serverOptions: {
      logger: withLogRedaction(opts.logger),
      genReqId: requestIdOf,
      trustProxy: trustProxyOption(opts.edge?.trustProxy)
    },
    apis: all,
    writeObserver: registrar === undefined ? undefined : businessMetrics(registrar),
    delivery: registrar === undefined ? opts.delivery : { ...opts.delivery, observer: deliveryMetrics(registrar) },
    onLogin: (app) => async (login) => {
      await appendAudit(app.db, {
        action: 'login',
        actor: login.clientId,
        partnerId: login.roles.includes('operator') ? null : login.clientId,
        requestId: login.requestId,
        api: 'auth',
        resource: { id: login.clientId, type: 'Client' },
        after: { roles: login.roles },
        at: (opts.now?.() ?? new Date()).toISOString()
      })
    },
    async registerEdge (app) {
      await app.register(requestIdHeader)
      await app.register(requestTracing)
      if (registrar !== undefined) await app.register(metricsPlugin, { registrar })
      await app.register(edgeProtection, { edge: opts.edge ?? {}, redisUrl: opts.redisUrl, redisCluster: opts.redisCluster })
    },
    registerGauges (app) {
      if (registrar === undefined) return
      registerStoreGauges(registrar, app.db)
      for (const api of all) api.metrics?.(registrar, app.db)
    }
  }
}

/** Fastify's trustProxy from ours: a hop count trusts that many proxies in front (proxy-addr semantics). */
function trustProxyOption (value: boolean | number | readonly string[] | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === undefined) return false
  if (typeof value === 'number') return (_address, hop) => hop < value
  return typeof value === 'boolean' ? value : [...value]
}
