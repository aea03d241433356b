// PATCH for the generic TMF engine: merge-patch (RFC 7386), JSON Patch (RFC 6902) and
// JSON Patch Query (TMF630 Part 5).
export type { PatchKind } from './media-type.ts'
export { PATCH_MEDIA_TYPES, patchKindOf } from './media-type.ts'
export { applyPatch } from './apply-patch.ts'
export { changedTopLevelKeys } from './changed-keys.ts'
