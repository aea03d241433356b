import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { storableJsonParser } from './json-body.ts'

/** PATCH media types of TMF630 Part 5. */
export const PATCH_BODY_TYPES = ['application/merge-patch+json', 'application/json-patch+json', 'application/json-patch-query+json']

export const tmfContentTypes = fp(async (app: FastifyInstance) => {
  // TMF APIs speak JSON only: a text/plain body is an unsupported media type (415), not a string.
  app.removeContentTypeParser('text/plain')
  // Every JSON body goes through one parser that refuses what the store could not keep (json-body.ts).
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser(['application/json', ...PATCH_BODY_TYPES], { parseAs: 'buffer' }, storableJsonParser(app))
}, { name: '@cx/engine/content-types' })
