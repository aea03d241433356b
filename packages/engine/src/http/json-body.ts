import type { FastifyInstance, FastifyRequest } from 'fastify'
import { badRequest } from '@cx/errors'
import { assertStorableJson } from './storable.ts'

type Done = (err: Error | null, body?: unknown) => void
type JsonBodyParser = (request: FastifyRequest, body: Buffer, done: Done) => void

// fatal: invalid UTF-8 is an error, not silently turned into U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The one parser of every JSON request body (application/json and the PATCH media types), so that
 * whatever a route does with a body, it only ever sees one that can be stored:
 * - the bytes are UTF-8 (RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8);
 * - Fastify's own safe parse (`__proto__` and `constructor.prototype` refused);
 * - then assertStorableJson: depth, NUL and lone surrogates in strings and keys, finite numbers.
 * Every refusal is a 400 TMF Error.
 */
export function storableJsonParser (app: FastifyInstance): JsonBodyParser {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  return (request, body, done) => {
    let text: string
    try {
      text = utf8.decode(body)
    } catch {
      done(badRequest('the body is not valid UTF-8', 'ERR400-MALFORMED-JSON'))
      return
    }
    parseJson(request, text, (err, value) => {
      if (err !== null) {
        done(err)
        return
      }
      try {
        assertStorableJson(value)
      } catch (refused) {
        done(refused as Error)
        return
      }
      done(null, value)
    })
  }
}
