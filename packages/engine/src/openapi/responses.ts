import { Type, type TSchema } from 'typebox'

/** Reason phrases of the statuses the TMF routes answer with (RFC 9110 §15). */
const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request: malformed body or query, or a value the resource refuses',
  401: 'Unauthorized: missing or invalid bearer token',
  403: 'Forbidden: the caller may not do this',
  404: 'Not Found: no such resource, or it is outside the caller\'s scope',
  405: 'Method Not Allowed',
  409: 'Conflict: the change is not allowed in the current state, or a JSON Patch test failed',
  412: 'Precondition Failed: If-Match does not match the current ETag',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented: a TMF630 feature this server does not offer',
  503: 'Service Unavailable: the database is unavailable; retry later'
}

const json = (schema: TSchema): Record<string, unknown> => ({ 'application/json': { schema } })

/**
 * A documented response: description, headers and an application/json body. Fastify keeps using
 * the plain JSON serializer; the shape is for @fastify/swagger, which reads `description`,
 * `headers` and `content` from it.
 */
export function jsonResponse (description: string, schema: TSchema, headers?: Record<string, TSchema>): Record<string, unknown> {
  return { description, ...(headers === undefined ? {} : { headers }), content: json(schema) }
}

/** TMF Error bodies for the given statuses, each with its reason as the description. */
export function errorResponses (...codes: number[]): Record<number, Record<string, unknown>> {
  return Object.fromEntries(codes.map((c) => [c, jsonResponse(REASONS[c] ?? `Error ${c}`, Type.Ref('Error'))]))
}

/** A response without a body (204). */
export function emptyResponse (description: string): TSchema {
  return Type.Null({ description })
}

/** Response headers of the TMF630 list, create, retrieve and patch operations. */
export const ResponseHeaders = {
  totalCount: Type.Integer({ description: 'Number of items matching the filter, across all pages (TMF630)' }),
  resultCount: Type.Integer({ description: 'Number of items in this page (TMF630)' }),
  link: Type.String({ description: 'RFC 8288 links to the self, first, prev, next and last pages (offset/limit)' }),
  location: Type.String({ description: 'Path of the created resource' }),
  etag: Type.String({ description: 'Version of the resource; send it back in If-Match to guard a PATCH (RFC 9110 §8.8.3)' })
}
