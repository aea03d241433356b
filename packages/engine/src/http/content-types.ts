import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

/** PATCH media types of TMF630 Part 5, parsed with Fastify's own safe JSON parser. */
export const PATCH_BODY_TYPES = ['application/merge-patch+json', 'application/json-patch+json', 'application/json-patch-query+json']

export const tmfContentTypes = fp(async (app: FastifyInstance) => {
  // TMF APIs speak JSON only: a text/plain body is an unsupported media type (415), not a string.
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser(PATCH_BODY_TYPES, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
}, { name: '@cx/engine/content-types' })
