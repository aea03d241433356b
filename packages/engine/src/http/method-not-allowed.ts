import fp from 'fastify-plugin'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import type { FastifyInstance } from 'fastify'
import { TmfError } from '@cx/errors'

/**
 * 405 Method Not Allowed with an `Allow` header (RFC 9110 §15.5.6) for a path that exists under
 * another method, e.g. `PUT /troubleTicket/{id}`: without it the router can only say 404, which
 * tells a client the resource is missing when it is the verb that is wrong.
 *
 * Every route Fastify registers is mirrored into a second find-my-way router (the same router
 * library and options as Fastify's own, so a path matches here exactly when it would match
 * there under some method). The check runs first among the `onRequest` hooks of the not-found
 * handler, so it answers before authentication as the router would for a 404. Register this
 * plugin before any route.
 */
export const methodNotAllowed = fp(async (app: FastifyInstance, opts: { ignoreTrailingSlash: boolean }) => {
  const routes = FindMyWay({ ignoreTrailingSlash: opts.ignoreTrailingSlash })
  const noop = (): void => {}
  // Upper-case names of every method some route declares, so the check only tries those.
  const methods = new Set<string>()

  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      const name = method.toUpperCase()
      // Two Fastify routes may share a path under constraints (versions, hosts): one entry is enough.
      if (routes.hasRoute(name as HTTPMethod, route.url)) continue
      routes.on(name as HTTPMethod, route.url, noop)
      methods.add(name)
    }
  })

  const matches = (method: string, path: string): boolean => {
    try {
      return routes.find(method as HTTPMethod, path) !== null
    } catch {
      // A path the router cannot even decode exists under no method: the 404 stands.
      return false
    }
  }

  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return
    const path = request.url.split('?')[0] ?? ''
    const allowed = [...methods].filter((m) => m !== request.method && matches(m, path)).sort()
    if (allowed.length === 0) return
    const tmf = new TmfError(405, 'ERR405', 'Method Not Allowed', `${request.method} is not supported on ${path}; allowed: ${allowed.join(', ')}`)
    return await reply.code(405).header('Allow', allowed.join(', ')).type('application/json; charset=utf-8').send(tmf.toBody())
  })
}, { name: '@cx/engine/method-not-allowed' })
