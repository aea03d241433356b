import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

export const REQUEST_ID_HEADER = 'x-request-id'

// What a caller or a proxy may choose as an id: short, printable, no separators that could
// forge a log line or a header.
const ACCEPTED = /^[A-Za-z0-9._:@/+=-]{1,128}$/

/**
 * Fastify `genReqId`: the caller's `X-Request-Id` when it is a plausible id (so one id follows a
 * request through proxies and services), else a new UUID.
 */
export function requestIdOf (raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID()
}

/** Every response carries `X-Request-Id`: the id to quote, which the logs and 5xx bodies carry too. */
export const requestIdHeader = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id)
  })
}, { name: '@cx/engine/request-id' })
