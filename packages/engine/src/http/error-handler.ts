import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance } from 'fastify'
import { isTmfError, TmfError } from '@cx/errors'
import { isConnectionError, storeUnavailable } from '@cx/store'

/** Fastify's own error codes that are the client's fault, and the TMF error they become. */
const CLIENT_ERRORS: Record<string, (err: FastifyError) => TmfError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) => new TmfError(415, 'ERR415', 'Unsupported Media Type', e.message),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new TmfError(413, 'ERR413', 'Payload Too Large', 'the request body exceeds the size limit'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new TmfError(400, 'ERR400', 'Bad Request', 'Content-Length does not match the body'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new TmfError(400, 'ERR400-MALFORMED-JSON', 'Bad Request', 'the JSON body is empty'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new TmfError(400, 'ERR400-MALFORMED-JSON', 'Bad Request', 'the body is not valid JSON')
}

export function toTmfError (err: FastifyError | Error): TmfError {
  if (isTmfError(err)) return err
  // A lost database connection that reached here unwrapped is still temporary, never a 500.
  if (isConnectionError(err)) return storeUnavailable(err)
  const fe = err as FastifyError
  const mapped = fe.code === undefined ? undefined : CLIENT_ERRORS[fe.code]
  if (mapped !== undefined) return mapped(fe)
  if (fe.validation !== undefined) {
    const where = fe.validationContext ?? 'request'
    return new TmfError(400, 'ERR400-VALIDATION', 'Bad Request', `${where}: ${fe.message.replace(/^(body|querystring|params|headers)\/?/, '')}`)
  }
  // JSON.parse errors raised by our own content-type parsers.
  if (err instanceof SyntaxError || fe.statusCode === 400) return new TmfError(400, 'ERR400-MALFORMED-JSON', 'Bad Request', 'the body is not valid JSON')
  const status = fe.statusCode ?? 500
  if (status >= 400 && status < 500) return new TmfError(status, `ERR${status}`, 'Client Error', fe.message)
  return new TmfError(500, 'ERR500', 'Internal Server Error', 'an unexpected error occurred; it has been logged')
}

/**
 * Every 4xx/5xx leaves as a TMF `Error` body. 5xx bodies never carry the original message or
 * stack: the error is logged with the request id instead, and the body's `message` ends with
 * `(request id <id>)` for the caller to quote. Client-caused 4xx are logged at debug level.
 */
export const tmfErrors = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const tmf = toTmfError(err)
    if (tmf.statusCode === 503) request.log.warn({ err }, 'request refused: a dependency is unavailable')
    else if (tmf.statusCode >= 500) request.log.error({ err }, 'request failed')
    else request.log.debug({ err: tmf.message }, 'request refused')
    const body = tmf.toBody()
    // The id the operator finds the logged error under (the response's X-Request-Id too).
    if (tmf.statusCode >= 500) body.message = `${body.message} (request id ${request.id})`
    return reply.code(tmf.statusCode).headers(tmf.headers).type('application/json; charset=utf-8').send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    const tmf = new TmfError(404, 'ERR404', 'Not Found', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`)
    return reply.code(404).type('application/json; charset=utf-8').send(tmf.toBody())
  })
}, { name: '@cx/engine/errors' })
