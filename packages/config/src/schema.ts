import { Type, type Static } from 'typebox'

// The environment variables of every CX Suite process, one section per concern. A process's schema
// is the union of the sections it reads (appConfigSchema, cxConfigSchema, workerConfigSchema); a new
// setting is one property in one section here, and the README "Configuration" table lists it.
// Names are the variables' own, so `config.PORT` is what an operator sets as `PORT`.
// Numbers and booleans are coerced by ajv (through env-schema) after the strict syntax check of
// load-config.ts; '' means unset, as deployment tooling often writes it.

const positiveInt = (description: string, dflt?: number) =>
  Type.Integer({ minimum: 1, description, ...(dflt === undefined ? {} : { default: dflt }) })

/** Where a process listens, how it logs, how it stops. */
export const serverSettings = {
  /** 0 picks a free port (tests). */
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'TCP port to listen on' }),
  /** Default set by loadConfig: 127.0.0.1 in embedded mode, 0.0.0.0 otherwise. */
  HOST: Type.Optional(Type.String({ minLength: 1, description: 'interface to listen on' })),
  /** Default set by loadConfig: embedded without DATABASE_URL, production with it. */
  CX_MODE: Type.Optional(Type.Enum(['embedded', 'production'], { description: 'embedded: dev token issuer, anonymous = operator, loopback callbacks' })),
  LOG_LEVEL: Type.Optional(Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { description: 'pino level; default warn in embedded mode, info otherwise' })),
  SHUTDOWN_GRACE_MS: positiveInt('how long in-flight requests and deliveries get after SIGTERM', 10_000),
  STARTUP_RETRY_MS: positiveInt('how long start-up keeps retrying an unreachable PostgreSQL or Redis (back-off up to 5 s) before the process exits', 120_000)
}

/** The document store. */
export const storeSettings = {
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL URL; PGlite in-process without it' })),
  DATABASE_SCHEMA: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]*$', description: 'PostgreSQL schema (created when missing); default the search_path' })),
  DATA_DIR: Type.String({ minLength: 1, default: './.data', description: 'PGlite data directory (memory:// keeps nothing)' }),
  DB_POOL_SIZE: positiveInt('PostgreSQL pool size', 10)
}

/** BullMQ delivery queue. */
export const redisSettings = {
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'Redis URL; with REDIS_CLUSTER=true, comma-separated URLs of cluster nodes to start from' })),
  REDIS_CLUSTER: Type.Boolean({ default: false, description: 'REDIS_URL names a Redis Cluster (queue keys are hash-tagged per queue)' })
}

/** Who may call (packages/auth). */
export const authSettings = {
  AUTH_JWT_SECRET: Type.Optional(Type.String({ description: 'HS256 shared secret; at least 32 bytes outside embedded mode (RFC 7518 §3.2)' })),
  AUTH_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'JWKS URL for RS/ES-signed tokens' })),
  AUTH_ISSUER: Type.Optional(Type.String({ description: 'checked against iss when set' })),
  AUTH_AUDIENCE: Type.Optional(Type.String({ description: 'checked against aud when set' })),
  AUTH_PARTNER_CLAIM: Type.Optional(Type.String({ description: 'claim carrying the partner id' })),
  DEV_CLIENT_SECRET: Type.Optional(Type.String({ description: 'client secret of the embedded POST /auth/token issuer' }))
}

/** Hub delivery (packages/events). */
export const deliverySettings = {
  HUB_MAX_ATTEMPTS: positiveInt('attempts per delivery before it is dead-lettered', 10),
  HUB_RETRY_BASE_MS: positiveInt('first retry delay, doubled per attempt with jitter', 1000),
  HUB_TIMEOUT_MS: positiveInt('per-attempt timeout', 5000),
  HUB_CONCURRENCY: positiveInt('concurrent deliveries per process', 64),
  HUB_CALLBACK_ALLOWLIST: Type.Optional(Type.String({ description: 'comma-separated hosts allowed as callbacks though private' })),
  RUN_WORKERS: Type.Boolean({ default: true, description: 'run delivery workers in the app process' })
}

/** The TMF630 HTTP surface (packages/engine). */
export const apiSettings = {
  BODY_LIMIT_BYTES: positiveInt('larger request bodies get 413', 1024 * 1024),
  DEFAULT_PAGE_LIMIT: positiveInt('list page size when limit is not given (≤ MAX_PAGE_LIMIT)', 20),
  MAX_PAGE_LIMIT: positiveInt('largest list page', 1000),
  STRICT_FIELDS: Type.Boolean({ default: false, description: 'fields= returns only what was asked on every root' }),
  STRICT_CHECKS: Type.Optional(Type.String({ description: 'comma-separated opt-in checks stricter than TMF' }))
}

/** The cx service's link to the resource services (apps/cx/README.md). */
export const cxSettings = {
  CX_HUB_SECRET: Type.Optional(Type.String({ minLength: 16, description: 'signs the sources\' callbacks to cx' })),
  CX_SOURCE_ORIGINS: Type.Optional(Type.String({ description: 'one origin, or name=origin pairs' })),
  CX_CALLBACK_BASE: Type.Optional(Type.String({ pattern: '^https?://', description: 'how the sources reach cx' })),
  CX_TOKEN_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'OAuth2 token endpoint for the operator credentials' })),
  CX_CLIENT_ID: Type.Optional(Type.String()),
  CX_CLIENT_SECRET: Type.Optional(Type.String()),
  CX_TOKEN_SCOPE: Type.Optional(Type.String()),
  CX_SOURCE_TOKEN: Type.Optional(Type.String({ description: 'a fixed operator token instead of client credentials' })),
  CX_CHECK_INTERVAL_MS: Type.Optional(positiveInt('how often cx checks its subscriptions and gaps')),
  CX_COMMUNICATION_ORIGIN: Type.Optional(Type.String({ pattern: '^https?://', description: 'where cx creates outage messages (TMF681); default the sources\' origin when there is one, else cx itself' }))
}

/** A resource service (apps/customer, product-order, trouble-ticket, sla, survey). */
/** Edge protection and observability (packages/engine http/edge-protection.ts, observability/). */
export const edgeSettings = {
  RATE_LIMIT_MAX: Type.Optional(Type.Integer({ minimum: 0, description: 'requests per window per partner (else subject, else client address); 0 = off; default 0 in embedded mode, 6000 otherwise' })),
  RATE_LIMIT_WINDOW_MS: positiveInt('rate-limit window', 60_000),
  RATE_LIMIT_TOKEN_MAX: Type.Optional(Type.Integer({ minimum: 0, description: 'POST /auth/token per client address per window; 0 = off; default 0 in embedded mode, 30 otherwise' })),
  CORS_ORIGINS: Type.Optional(Type.String({ description: 'comma-separated origins allowed by CORS (* = any); none = no CORS headers' })),
  SECURITY_HEADERS: Type.Boolean({ default: true, description: 'helmet security headers (CSP compatible with Swagger UI)' }),
  TRUST_PROXY: Type.Optional(Type.String({ description: 'true, a hop count, or comma-separated proxy addresses/CIDRs (Fastify trustProxy)' })),
  METRICS_ENABLED: Type.Boolean({ default: true, description: 'serve Prometheus GET /metrics' }),
  AUTH_JWKS_COOLDOWN_MS: Type.Optional(Type.Integer({ minimum: 0, description: 'least time between two JWKS fetches for an unknown kid (default 30000)' })),
  AUTH_JWKS_CACHE_MAX_AGE_MS: Type.Optional(Type.Integer({ minimum: 0, description: 'JWKS refreshed when older than this (default 600000)' }))
}

export const appConfigSchema = Type.Object({ ...serverSettings, ...storeSettings, ...redisSettings, ...authSettings, ...deliverySettings, ...apiSettings, ...edgeSettings })
export type AppConfig = Static<typeof appConfigSchema>

/** apps/cx and the embedded suite: a resource service's settings and cx's own. */
export const cxConfigSchema = Type.Object({ ...appConfigSchema.properties, ...cxSettings })
export type CxConfig = Static<typeof cxConfigSchema>

/** The delivery worker process (packages/events worker.ts): it serves no API. */
export const workerConfigSchema = Type.Object({ ...serverSettings, ...storeSettings, ...redisSettings, ...deliverySettings })
export type WorkerConfig = Static<typeof workerConfigSchema>
