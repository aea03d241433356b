import { Type } from 'typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { badRequest, notFound } from '@cx/errors'
import { parseFilter, type PathOptions } from '@cx/tmf-query'
import { appendAudit, type AuditEntry, type Queryable } from '@cx/store'
import { assertCallbackAllowed, createHubStore, type CallbackPolicy, type HubExtensible, type HubStore, type HubSubscription } from '@cx/events'
import { emptyResponse, errorResponses, jsonResponse, ResponseHeaders } from '../openapi/responses.ts'

export interface HubRouteOptions {
  api: string
  version: string
  hubs: HubStore
  policy: CallbackPolicy
  /** How the subscription query's paths are typed (resource/event-query.ts). */
  queryOptions: PathOptions
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })

/** The Extensible attributes of a Hub_FVO that were sent, to keep and return as given. */
function extensibleOf (body: HubExtensible): HubExtensible {
  const out: HubExtensible = {}
  for (const key of ['@type', '@baseType', '@schemaLocation'] as const) {
    const value = body[key]
    if (value !== undefined) out[key] = value
  }
  return out
}
const HubRef = Type.Ref('Hub')

/** What the audit trail keeps of a subscription: never its secret. */
function auditView (h: HubSubscription): Record<string, unknown> {
  return { callback: h.callback, query: h.query, version: h.version, ownerPartner: h.ownerPartner, signed: h.hasSecret }
}

/**
 * TMF hub: register, read and remove event subscriptions. A partner's subscriptions are its own
 * (others get 404) and only ever receive events about resources in its scope.
 */
export async function hubRoutes (app: FastifyInstance, opts: HubRouteOptions): Promise<void> {
  const prefix = `/tmf-api/${opts.api}/${opts.version}/hub`
  const tags = ['Hub']
  const render = (h: HubSubscription): Record<string, unknown> => ({
    '@type': 'Hub', ...h.extensible, id: h.id, href: `${prefix}/${h.id}`, callback: h.callback, query: h.query, deliveryStats: h.stats
  })
  const audit = async (tx: Queryable, request: FastifyRequest, action: AuditEntry['action'], hub: HubSubscription, before: unknown, after: unknown): Promise<void> => {
    await appendAudit(tx, {
      action,
      actor: request.principal.subject,
      partnerId: request.principal.partnerId,
      requestId: request.id,
      api: opts.api,
      resource: { id: hub.id, href: `${prefix}/${hub.id}`, type: 'Hub' },
      before,
      after,
      at: new Date().toISOString()
    })
  }
  const owned = async (request: FastifyRequest, id: string): Promise<HubSubscription> => {
    const hub = await opts.hubs.get(id)
    const p = request.principal
    if (hub === undefined || hub.api !== opts.api || (!p.isOperator && hub.ownerPartner !== p.partnerId)) {
      throw notFound(`Hub ${id} not found`)
    }
    return hub
  }

  app.post('/hub', {
    schema: { operationId: 'createHub', summary: 'Register a listener for events', tags, body: Type.Ref('Hub_FVO'), response: { 201: jsonResponse('The subscription', HubRef, { Location: ResponseHeaders.location }), ...errorResponses(400, 401, 500, 503) } }
  }, async (request, reply) => {
    const body = request.body as { callback: string, query?: string | null, secret?: string } & HubExtensible
    // Like any Extensible create: Hub, or a subclass of it that says so in @baseType.
    if (body['@type'] !== undefined && body['@type'] !== 'Hub' && body['@baseType'] !== 'Hub') {
      throw badRequest('@type must be Hub, or a subclass with @baseType Hub', 'ERR400-TYPE')
    }
    const query = body.query === undefined || body.query === null || body.query === '' ? null : body.query
    // Checked like a list filter, against the event's typed paths: refused now rather than never matching.
    if (query !== null) parseFilter(query, opts.queryOptions)
    await assertCallbackAllowed(body.callback, opts.policy)
    const p = request.principal
    // The subscription and its audit record commit together (the secret is never recorded).
    const hub = await app.db.transaction(async (tx) => {
      const created = await createHubStore(tx).create({
        api: opts.api,
        version: opts.version,
        callback: body.callback,
        query,
        ownerPartner: p.isOperator ? null : p.partnerId,
        secret: body.secret ?? null,
        extensible: extensibleOf(body)
      })
      await audit(tx, request, 'subscribe', created, undefined, auditView(created))
      return created
    })
    return await reply.code(201).header('Location', `${prefix}/${hub.id}`).send(render(hub))
  })

  app.get('/hub', {
    schema: { operationId: 'listHub', summary: 'List the caller\'s event subscriptions', tags, response: { 200: jsonResponse('The caller\'s subscriptions (an operator sees all of this API)', Type.Array(HubRef)), ...errorResponses(401, 500, 503) } }
  }, async (request) => {
    const p = request.principal
    const hubs = await opts.hubs.list(opts.api, p.isOperator ? null : p.partnerId ?? '')
    return hubs.map(render)
  })

  app.get('/hub/:id', {
    schema: { operationId: 'retrieveHub', summary: 'Retrieve a subscription with its delivery statistics', tags, params: IdParams, response: { 200: jsonResponse('The subscription with its delivery statistics', HubRef), ...errorResponses(401, 404, 500, 503) } }
  }, async (request) => render(await owned(request, (request.params as { id: string }).id)))

  app.delete('/hub/:id', {
    schema: { operationId: 'deleteHub', summary: 'Unregister a listener', tags, params: IdParams, response: { 204: emptyResponse('Unregistered'), ...errorResponses(401, 404, 500, 503) } }
  }, async (request, reply) => {
    const hub = await owned(request, (request.params as { id: string }).id)
    await app.db.transaction(async (tx) => {
      if (await createHubStore(tx).delete(hub.id)) await audit(tx, request, 'unsubscribe', hub, auditView(hub), undefined)
    })
    return await reply.code(204).send()
  })
}
