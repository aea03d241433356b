import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifySchema } from 'fastify'
import fastifyStatic from '@fastify/static'
import type { DashboardConfig } from './config-types.ts'

export type { DashboardConfig, DevAuthConfig, OidcAuthConfig, DevIdentity } from './config-types.ts'

/** Where `vite build` writes the dashboard (apps/dashboard/dist). */
export const DASHBOARD_DIST = join(import.meta.dirname, '..', 'dist')

export interface DashboardPluginOptions {
  /** Served as JSON at /dashboard/config.json. */
  config: DashboardConfig
  /** The built assets (default DASHBOARD_DIST). */
  distDir?: string
  /**
   * Serve index.html at `/` only to requests that accept HTML (browsers), leaving `/` to the
   * host's own route for everyone else (the suite's JSON index of API roots).
   */
  negotiateRoot?: boolean
}

// Kept out of any OpenAPI document a host generates (@fastify/swagger reads `hide`).
const HIDDEN = { hide: true } as FastifySchema

const NOT_BUILT = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CX Suite dashboard</title></head><body><h1>The dashboard is not built</h1><p>Run <code>pnpm --filter @cx/dashboard build</code> (or start the suite with <code>pnpm start</code>, which builds it) and reload.</p></body></html>'

/**
 * Serves the built dashboard on a Fastify server: `index.html` at `/`, the hashed bundles under
 * `/assets/` (immutable: their names change with their content) and the runtime configuration at
 * `/dashboard/config.json`. Without a build, `/` explains how to make one. Not fp-wrapped: its
 * routes and hooks stay in their own context, except the root negotiation hook which must see `/`.
 */
export async function registerDashboard (app: FastifyInstance, opts: DashboardPluginOptions): Promise<void> {
  const dist = opts.distDir ?? DASHBOARD_DIST
  // Read per request (a few hundred bytes), so a rebuild under a running server is picked up.
  const sendIndex = async (reply: FastifyReply) => {
    const index = await readFile(join(dist, 'index.html'), 'utf8').catch(() => undefined)
    return await sendShell(reply, index)
  }
  const sendShell = async (reply: FastifyReply, index: string | undefined) => await reply
    .code(index === undefined ? 503 : 200)
    .header('cache-control', 'no-cache')
    .header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src *; frame-ancestors 'none'")
    .type('text/html; charset=utf-8')
    .send(index ?? NOT_BUILT)

  app.get('/dashboard/config.json', { schema: HIDDEN }, async (_request, reply) => await reply.header('cache-control', 'no-cache').send(opts.config))
  if (opts.negotiateRoot === true) {
    app.addHook('onRequest', async (request, reply) => {
      if ((request.method === 'GET' || request.method === 'HEAD') && (request.url === '/' || request.url.startsWith('/?')) && acceptsHtml(request.headers.accept)) {
        return await sendIndex(reply)
      }
    })
  } else {
    app.get('/', { schema: HIDDEN }, async (_request, reply) => await sendIndex(reply))
  }
  // Looked up per request (wildcard), so the hashed names of a later build are found too; an
  // unknown file falls through to the host's not-found handler.
  await app.register(fastifyStatic, { root: join(dist, 'assets'), prefix: '/assets/', wildcard: true, immutable: true, maxAge: '365d', index: false })
}

/** Whether an Accept header (RFC 9110 §12.5.1) lists text/html, as browsers' navigations do. */
export function acceptsHtml (accept: string | undefined): boolean {
  return accept !== undefined && /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept)
}
