import { badRequest } from '@cx/errors'
import type { PathInfo, PathOptions } from '@cx/tmf-query'
import type { ApiDeclaration, ResourceDeclaration } from './declaration.ts'
import { eventTypesOf } from './event-types.ts'

/** What the engine knows of one declared resource when reading a subscription query. */
export interface EventPayloadPaths {
  decl: ResourceDeclaration
  /** The canonical (v5) schema's description of a path inside the resource. */
  describe: (path: string[]) => PathInfo
}

const OPEN: PathInfo = { type: 'unknown', throughArray: true, known: false }
const OBJECT: PathInfo = { type: 'object', throughArray: false, known: true }
const DATE_TIME: PathInfo = { type: 'date-time', throughArray: false, known: true }
// TMF688 envelope dates; v4 listeners spell timeOccurred `timeOcurred` (the stored event has the v5 name).
const ENVELOPE_DATES = new Set(['eventTime', 'timeOccurred', 'timeOcurred'])

/**
 * How a hub subscription `query` on `api` in `version` reads its paths, so it is checked like a
 * list filter at subscription time and compared with the same types at delivery:
 * - `eventType` is one of the API's declared event types (event-types.ts);
 * - `eventTime`, `timeOccurred` (v4: `timeOcurred`) are date-times;
 * - `event.{resource}.…` is typed by the resource's canonical schema, after the v4 path names are
 *   mapped for a v4 subscription (the stored event is canonical); an unknown `{resource}` is a 400;
 * - enum values are closed: a misspelt state or event type is a 400, not a query that never matches;
 * - anything else in the envelope is untyped.
 * An API with custom routes (apps/cx) may publish events the engine does not declare, so there the
 * event types and unknown payload names stay open.
 */
export function eventQueryOptions (api: ApiDeclaration, version: string, resources: readonly EventPayloadPaths[]): PathOptions {
  const byName = new Map(resources.map((r) => [r.decl.name, r]))
  // `publishesEvents: false` (custom routes that only compute, e.g. TMF623's simulation) keeps the
  // event types closed.
  const open = api.custom !== undefined && api.custom.publishesEvents !== false
  const eventTypes = resources.flatMap((r) => eventTypesOf(r.decl))
  const v4 = version === 'v4' && (api.canonicalVersion ?? 'v5') !== 'v4'
  return {
    closedEnums: true,
    mapPath: (path) => {
      if (!v4) return path
      const [head, name, ...rest] = path
      if (head === 'timeOcurred' && path.length === 1) return ['timeOccurred']
      const mapping = name === undefined ? undefined : byName.get(name)?.decl.v4
      return head === 'event' && name !== undefined && mapping !== undefined && rest.length > 0 ? ['event', name, ...mapping.mapPath(rest)] : path
    },
    describe: (path) => {
      const [head, name, ...rest] = path
      if (path.length === 1 && head === 'eventType') return open ? OPEN : { type: 'string', throughArray: false, known: true, enum: eventTypes }
      if (path.length === 1 && head !== undefined && ENVELOPE_DATES.has(head)) return DATE_TIME
      if (head !== 'event') return OPEN
      if (name === undefined) return OBJECT
      const resource = byName.get(name)
      if (resource === undefined) {
        if (open) return OPEN
        throw badRequest(`event.${name} is not an event payload of ${api.name}; it carries ${[...byName.keys()].map((n) => `event.${n}`).join(', ')}`, 'ERR400-EVENT-PATH')
      }
      return rest.length === 0 ? OBJECT : resource.describe(rest)
    }
  }
}

/** eventQueryOptions for every API and version the server serves, keyed for the relay's matcher. */
export function eventQueryOptionsFor (apis: readonly ApiDeclaration[], resourcesOf: (api: ApiDeclaration) => readonly EventPayloadPaths[]): (target: { api: string, version: string }) => PathOptions | undefined {
  const cache = new Map<string, PathOptions>()
  return (target) => {
    const key = `${target.api}/${target.version}`
    let found = cache.get(key)
    if (found === undefined) {
      const api = apis.find((a) => a.name === target.api)
      if (api === undefined) return undefined
      found = eventQueryOptions(api, target.version, resourcesOf(api))
      cache.set(key, found)
    }
    return found
  }
}
