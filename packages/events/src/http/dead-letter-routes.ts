import type { FastifyInstance, FastifyRequest } from 'fastify'
import { badRequest, forbidden, notFound } from '@cx/errors'
import type { DeadLetterStore, ReplayActor } from '../dead-letters.ts'

export interface DeadLetterRoutesOptions {
  /** The API whose dead letters these routes show (e.g. 'troubleTicket'). */
  api: string
  store: DeadLetterStore
}

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000

const DeadLetterSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    subscriptionId: { type: 'string' },
    callback: { type: 'string' },
    eventId: { type: 'string' },
    eventType: { type: 'string' },
    resourceType: { type: 'string' },
    resourceId: { type: 'string' },
    attempts: { type: 'integer' },
    lastError: { type: 'string', nullable: true },
    lastStatus: { type: 'integer', nullable: true },
    eventTime: { type: 'string', format: 'date-time' },
    deadAt: { type: 'string', format: 'date-time' },
    event: {}
  }
} as const
const Replayed = { type: 'object', properties: { replayed: { type: 'integer', description: 'Deliveries queued again' } } } as const
const tags = ['Hub']
/** The TMF Error body, for hosts that did not register the shared `Error` component. */
const TmfErrorBody = {
  type: 'object',
  required: ['@type', 'code', 'reason'],
  properties: { '@type': { type: 'string' }, code: { type: 'string' }, reason: { type: 'string' }, message: { type: 'string' }, status: { type: 'string' } }
} as const
const replayedResponse = (description: string): Record<string, unknown> => ({ description, content: { 'application/json': { schema: Replayed } } })

function assertOperator (request: FastifyRequest): void {
  // Read structurally: the auth plugin decorates `principal`; without it nobody is an operator.
  const principal = (request as unknown as { principal?: { isOperator?: boolean } }).principal
  if (principal?.isOperator !== true) throw forbidden('dead letters are an operator tool')
}

/** The caller, for the audit record of a replay (read structurally, like assertOperator). */
function actorOf (request: FastifyRequest): ReplayActor {
  const principal = (request as unknown as { principal?: { subject?: string, partnerId?: string | null } }).principal
  return { actor: principal?.subject ?? 'anonymous', partnerId: principal?.partnerId ?? null, requestId: request.id }
}

function intParam (name: string, raw: unknown, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`'${name}' must be an integer between ${min} and ${max}`)
  return n
}

function dateParam (name: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined
  if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) throw badRequest(`'${name}' must be an RFC 3339 date-time`)
  return new Date(raw).toISOString()
}

function textParam (name: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined
  if (typeof raw !== 'string') throw badRequest(`'${name}' must be given once`)
  return raw
}

/**
 * Operator API over a service's dead letters, registered by the engine under each API root:
 * GET /hub/deadLetter (filters: subscriptionId, eventType with `,` = OR, since/until on the time
 * the delivery gave up, offset/limit with X-Total-Count), POST /hub/deadLetter/replay (all, or one
 * subscription's) and POST /hub/deadLetter/{id}/replay. Replays are asynchronous: 202 + count.
 */
export async function deadLetterRoutes (app: FastifyInstance, opts: DeadLetterRoutesOptions): Promise<void> {
  // Under a TMF API root the engine registers `Error`; documents then refer to that one component.
  const errorBody = app.getSchema('Error') === undefined ? TmfErrorBody : { $ref: 'Error' }
  const errorResponse = (description: string): Record<string, unknown> => ({ description, content: { 'application/json': { schema: errorBody } } })
  const ERRORS = {
    400: errorResponse('Bad Request: an invalid filter or paging parameter'),
    401: errorResponse('Unauthorized: missing or invalid bearer token'),
    403: errorResponse('Forbidden: dead letters are an operator tool'),
    500: errorResponse('Internal Server Error')
  }
  app.get('/hub/deadLetter', {
    // The parameters are read (and refused with a TMF 400) by the handler below: the query
    // arrives as strings and this server does not coerce types, so ajv would refuse `offset=5`.
    validatorCompiler: () => () => true,
    schema: {
      operationId: 'listDeadLetter',
      summary: 'List event deliveries that exhausted their attempts (operator)',
      tags,
      querystring: {
        type: 'object',
        properties: {
          subscriptionId: { type: 'string' },
          eventType: { type: 'string' },
          since: { type: 'string', description: 'RFC 3339; dead letters that gave up at or after it' },
          until: { type: 'string', description: 'RFC 3339; dead letters that gave up before it' },
          offset: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT }
        }
      },
      response: {
        200: {
          description: 'The dead letters of the requested page, oldest first',
          headers: {
            'X-Total-Count': { type: 'integer', description: 'Number of dead letters matching the filter' },
            'X-Result-Count': { type: 'integer', description: 'Number of dead letters in this page' }
          },
          content: { 'application/json': { schema: { type: 'array', items: DeadLetterSchema } } }
        },
        ...ERRORS
      }
    }
  }, async (request, reply) => {
    assertOperator(request)
    const q = request.query as Record<string, unknown>
    const offset = intParam('offset', q.offset, 0, 0, Number.MAX_SAFE_INTEGER)
    const limit = intParam('limit', q.limit, DEFAULT_LIMIT, 1, MAX_LIMIT)
    const page = await opts.store.list({
      api: opts.api,
      subscriptionId: textParam('subscriptionId', q.subscriptionId),
      eventType: textParam('eventType', q.eventType),
      since: dateParam('since', q.since),
      until: dateParam('until', q.until),
      offset,
      limit
    })
    return await reply.header('X-Total-Count', String(page.total)).header('X-Result-Count', String(page.items.length)).send(page.items)
  })

  app.post('/hub/deadLetter/replay', {
    schema: {
      operationId: 'replayDeadLetters',
      summary: 'Replay every dead letter, or one subscription\'s (operator)',
      tags,
      description: 'Optional JSON body `{"subscriptionId": "..."}` narrows the replay to one subscription.',
      response: { 202: replayedResponse('Replay queued; the count of deliveries queued again'), ...ERRORS }
    }
  }, async (request, reply) => {
    assertOperator(request)
    const body = (request.body ?? {}) as { subscriptionId?: unknown }
    const replayed = await opts.store.replay({ api: opts.api, subscriptionId: textParam('subscriptionId', body.subscriptionId) }, actorOf(request))
    return await reply.code(202).send({ replayed })
  })

  app.post('/hub/deadLetter/:id/replay', {
    schema: {
      operationId: 'replayDeadLetter',
      summary: 'Replay one dead letter (operator)',
      tags,
      params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 40 } }, required: ['id'] },
      response: { 202: replayedResponse('Replay queued'), 404: errorResponse('Not Found: no such dead letter'), ...ERRORS }
    }
  }, async (request, reply) => {
    assertOperator(request)
    const { id } = request.params as { id: string }
    const replayed = await opts.store.replay({ api: opts.api, deliveryId: id }, actorOf(request))
    if (replayed === 0) throw notFound(`dead letter ${id} not found`)
    return await reply.code(202).send({ replayed })
  })
}
