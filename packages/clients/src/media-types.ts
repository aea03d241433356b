/**
 * The PATCH media types of TMF630 Part 5, for the `Content-Type` header of a PATCH:
 * `application/json` and merge-patch (RFC 7396) take the resource's `_MVO` object; JSON Patch
 * (RFC 6902) and JSON Patch Query (TMF630) take an array of operations.
 */
export const PatchMediaType = {
  json: 'application/json',
  mergePatch: 'application/merge-patch+json',
  jsonPatch: 'application/json-patch+json',
  jsonPatchQuery: 'application/json-patch-query+json'
} as const
