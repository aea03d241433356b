import { matchesConditions, parseFilter, project, type Condition, type PathOptions } from '@cx/tmf-query'
import { OPERATOR_AUDIENCE } from '@cx/store'

/** The engine's renderer: turns the canonical v5 envelope into the shape a subscription's API version expects. */
export type EventFormatter = (envelope: Record<string, unknown>, target: { api: string, version: string, resourceType: string }) => Record<string, unknown>

export interface SubscriptionTarget {
  id: string
  api: string
  version: string
  query: string | null
  ownerPartner: string | null
}

export interface OutboxEventRow {
  api: string
  resourceType: string
  eventType: string
  parties: readonly string[]
  payload: Record<string, unknown>
  /** See OutboxEvent.audience: null = operators and the partners in `parties`. */
  audience?: string | null
}

interface ParsedQuery { conditions: Condition[], fields: string[] | undefined }

/** The path typing of a subscription query for an API version; undefined leaves every path untyped. */
export type QueryOptions = (target: { api: string, version: string }) => PathOptions | undefined

// Whatever `fields` asks for, a notification still says which resource it is about.
const ALWAYS_KEPT = ['id', 'href', '@type'] as const

function isObject (v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/**
 * Decides which subscriptions get an event and renders the exact body each one receives.
 * Parsed queries are cached per subscription (keyed by the query text too, so a changed query
 * is re-parsed); queries were validated at subscription time, so a parse failure here means a
 * row written by something else, and it matches nothing rather than everything.
 */
export class SubscriptionMatcher {
  private readonly cache = new Map<string, { query: string, parsed: ParsedQuery | null }>()
  private readonly formatter: EventFormatter
  private readonly onBadQuery: (subscriptionId: string, err: unknown) => void
  private readonly queryOptions: QueryOptions

  /** `queryOptions` types a subscription's paths as the hub checked them (dates compare as dates, v4 names map). */
  constructor (formatter: EventFormatter, onBadQuery: (subscriptionId: string, err: unknown) => void = () => {}, queryOptions: QueryOptions = () => undefined) {
    this.formatter = formatter
    this.onBadQuery = onBadQuery
    this.queryOptions = queryOptions
  }

  /** Drops cache entries of subscriptions that no longer exist. */
  retain (ids: ReadonlySet<string>): void {
    for (const id of this.cache.keys()) if (!ids.has(id)) this.cache.delete(id)
  }

  private parsed (sub: SubscriptionTarget): ParsedQuery | null {
    const query = sub.query ?? ''
    const hit = this.cache.get(sub.id)
    if (hit !== undefined && hit.query === query) return hit.parsed
    let parsed: ParsedQuery | null
    try {
      parsed = query.trim() === '' ? { conditions: [], fields: undefined } : parseFilter(query, this.queryOptions({ api: sub.api, version: sub.version }) ?? {})
    } catch (err) {
      this.onBadQuery(sub.id, err)
      parsed = null
    }
    this.cache.set(sub.id, { query, parsed })
    return parsed
  }

  /** Partner scope (same rule as reads) and the subscription's TMF630 filter over the envelope. */
  matches (sub: SubscriptionTarget, row: OutboxEventRow): boolean {
    if (sub.api !== row.api) return false
    if (sub.ownerPartner !== null && !row.parties.includes(sub.ownerPartner)) return false
    const audience = row.audience ?? null
    if (audience !== null && audience !== (sub.ownerPartner ?? OPERATOR_AUDIENCE)) return false
    const parsed = this.parsed(sub)
    return parsed !== null && matchesConditions(row.payload, parsed.conditions)
  }

  /** The JSON text delivered to `sub`: `fields` applied to the resource inside `event`, then rendered for its version. */
  render (sub: SubscriptionTarget, row: OutboxEventRow): string {
    const fields = this.parsed(sub)?.fields
    let envelope = row.payload
    if (fields !== undefined && isObject(envelope.event)) {
      const event: Record<string, unknown> = {}
      for (const [name, doc] of Object.entries(envelope.event)) {
        event[name] = isObject(doc) ? project(doc, fields, ALWAYS_KEPT) : doc
      }
      envelope = { ...envelope, event }
    }
    return JSON.stringify(this.formatter(envelope, { api: sub.api, version: sub.version, resourceType: row.resourceType }))
  }
}
