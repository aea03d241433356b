import { unsupportedMediaType } from '@cx/errors'

/** Which PATCH algorithm a request body needs. */
export type PatchKind = 'merge' | 'json-patch' | 'json-patch-query'

// TMF630: merge-patch is the mandatory baseline and v5 treats plain JSON as merge-patch;
// JSON Patch (RFC 6902) and JSON Patch Query (TMF630 Part 5) are the optional richer forms.
const KIND_BY_MEDIA_TYPE: ReadonlyMap<string, PatchKind> = new Map<string, PatchKind>([
  ['application/merge-patch+json', 'merge'],
  ['application/json', 'merge'],
  ['application/json-patch+json', 'json-patch'],
  ['application/json-patch-query+json', 'json-patch-query']
])

/** The four accepted PATCH media types, for OpenAPI docs and 415 messages. */
export const PATCH_MEDIA_TYPES: readonly string[] = Object.freeze([...KIND_BY_MEDIA_TYPE.keys()])

/**
 * Maps a Content-Type header to the PATCH algorithm. Parameters (`; charset=utf-8`) are ignored
 * and the comparison is case-insensitive, as media types are (RFC 9110 §8.3.1).
 */
export function patchKindOf (contentType: string | undefined): PatchKind {
  const essence = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? ''
  const kind = KIND_BY_MEDIA_TYPE.get(essence)
  if (kind === undefined) {
    const received = essence === '' ? 'no Content-Type' : `'${essence}'`
    throw unsupportedMediaType(`PATCH does not accept ${received}; use one of: ${PATCH_MEDIA_TYPES.join(', ')}`)
  }
  return kind
}
