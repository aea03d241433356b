import { unsupportedMediaType } from '@cx/errors'
import type { PatchKind } from './media-type.ts'
import { assertSafeBody } from './guard.ts'
import { applyJsonPatch } from './json-patch.ts'
import { applyMergePatch } from './merge-patch.ts'
import { PATCH_MEDIA_TYPES } from './media-type.ts'
import { parsePlainPath, parseQueryPath } from './path.ts'

/**
 * Applies a PATCH body of the given kind to a resource and returns the new resource.
 * `doc` is never mutated; on any error (TmfError 400/409) nothing has been applied.
 */
export function applyPatch (doc: Record<string, unknown>, body: unknown, kind: PatchKind): Record<string, unknown> {
  // Checked once for every kind, before any algorithm copies body values into the resource.
  assertSafeBody(body)
  switch (kind) {
    case 'merge':
      return applyMergePatch(doc, body)
    case 'json-patch':
      return applyJsonPatch(doc, body, parsePlainPath)
    case 'json-patch-query':
      return applyJsonPatch(doc, body, parseQueryPath)
    default:
      // Only reachable from untyped callers.
      throw unsupportedMediaType(`Unknown patch kind '${String(kind satisfies never)}'; use one of: ${PATCH_MEDIA_TYPES.join(', ')}`)
  }
}
