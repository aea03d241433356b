import fp from 'fastify-plugin'
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import { quitWithin, redisConnection } from '@cx/events'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { TmfError } from '@cx/errors'
import type { Principal } from '@cx/auth'
import type { EdgeOptions } from '../server/options.ts'

/** Paths never limited: probes and scrapes come from the platform, not from partners. */
const UNLIMITED = /^\/(health|metrics)(\/|\?|$)/
const TOKEN_ROUTE = /^\/auth\/token(\?|$)/

/** Response headers a browser client may read (paging, concurrency, tracing, back-off). */
const EXPOSED_HEADERS = ['X-Total-Count', 'X-Result-Count', 'Link', 'ETag', 'Location', 'X-Request-Id', 'Retry-After']

/**
 * Who a request counts against: the partner (every client of one partner shares its budget), an
 * operator's subject, else the client address (unauthenticated calls, `/auth/token`). The
 * address is the proxy-aware `request.ip`, so set TRUST_PROXY behind a load balancer.
 */
export function rateLimitKeyOf (request: FastifyRequest): string {
  if (TOKEN_ROUTE.test(request.url)) return `token:${request.ip}`
  // Unset when authentication refused the request before this hook.
  const p = request.principal as Principal | undefined
  if (p !== undefined && p.partnerId !== null) return `partner:${p.partnerId}`
  if (p !== undefined && !p.anonymous) return `subject:${p.subject}`
  return `ip:${request.ip}`
}

/**
 * Edge protection of one server: per-partner rate limits (@fastify/rate-limit, counted in Redis
 * when one is configured so every replica shares the budget, else per process), CORS
 * (@fastify/cors) and security headers (@fastify/helmet, with a Content-Security-Policy that
 * Swagger UI works under). Must be registered before the routes (the limiter hooks each route
 * as it is added); its hooks run after authentication, which is global.
 *
 * A refused request is a TMF Error 429 `ERR429-RATE-LIMIT` with `Retry-After` in seconds
 * (RFC 9110 §10.2.3; RFC 6585 §4).
 */
export const edgeProtection = fp(async (app: FastifyInstance, opts: { edge: EdgeOptions, redisUrl?: string | undefined, redisCluster?: boolean | undefined }) => {
  const { edge } = opts
  if (edge.securityHeaders !== false) {
    await app.register(helmet, {
      // Swagger UI (the /docs pages) loads its script and styles from this origin, sets inline
      // styles, and shows the validator badge as a data: image; nothing else is needed.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"]
        }
      },
      // Responses are JSON for other origins' scripts (with CORS): do not isolate them.
      crossOriginResourcePolicy: false,
      crossOriginEmbedderPolicy: false
    })
  }
  const origins = edge.corsOrigins ?? []
  if (origins.length > 0) {
    await app.register(cors, {
      origin: origins.includes('*') ? '*' : [...origins],
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'X-Request-Id', 'traceparent', 'tracestate'],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600
    })
  }
  const limits = edge.rateLimit
  if (limits !== undefined && (limits.max > 0 || limits.tokenMax > 0)) {
    const redis = opts.redisUrl === undefined
      ? undefined
      // Fail fast rather than queue commands while Redis is away; skipOnError lets requests through.
      : redisConnection(opts.redisUrl, opts.redisCluster === true, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, lazyConnect: false })
    redis?.on('error', () => { /* logged by the limiter's skipOnError path; reconnects by itself */ })
    await app.register(rateLimit, {
      global: true,
      max: (_request, key) => key.startsWith('token:') ? limits.tokenMax || Number.MAX_SAFE_INTEGER : limits.max || Number.MAX_SAFE_INTEGER,
      timeWindow: limits.windowMs,
      keyGenerator: rateLimitKeyOf,
      allowList: (request) => UNLIMITED.test(request.url),
      ...(redis === undefined ? {} : { redis, nameSpace: 'cx-rate-limit:' }),
      // A Redis outage must not take the API down with it: requests pass unlimited meanwhile.
      skipOnError: true,
      errorResponseBuilder: (_request, context) => new TmfError(429, 'ERR429-RATE-LIMIT', 'Too Many Requests',
        `rate limit of ${context.max} requests per ${Math.round(context.ttl / 1000) || 1} s exceeded; retry after ${context.after}`)
    })
    // QUIT at most 1 s, then the socket and any pending reconnection go: closing during an outage
    // must not leave a connection reconnecting (the process would never exit).
    if (redis !== undefined) app.addHook('onClose', async () => { await quitWithin(redis) })
  }
}, { name: '@cx/engine/edge-protection' })
