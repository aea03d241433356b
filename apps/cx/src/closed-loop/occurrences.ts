import { matchesConditions, parseFilter, type Condition } from '@cx/tmf-query'
import type { Doc, EntityKind } from '../projections/entity-facts.ts'

/**
 * One moment of a resource's life that a survey trigger may name: an event of the suite,
 * reconstructed from the version of the resource cx received (its creation date and its lifecycle
 * history), so a version seen by a back-fill yields the same occurrences as the live events did.
 * `event` is the notification's shape (`{eventType, eventTime, event: {<resource>: …}}`), which a
 * trigger's `query` filters like a hub subscription query.
 */
export interface Occurrence {
  eventType: string
  at: string
  event: Doc
}

interface Lifecycle { type: string, collection: EntityKind, field: 'status' | 'state', changeEvent: string, informationRequired?: { event: string, state: string } }

// Names of the events each API emits for a lifecycle change (TMF621, TMF622, TMF629).
const LIFECYCLES: Partial<Record<EntityKind, Lifecycle>> = {
  troubleTicket: { type: 'TroubleTicket', collection: 'troubleTicket', field: 'status', changeEvent: 'TroubleTicketStatusChangeEvent', informationRequired: { event: 'TroubleTicketInformationRequiredEvent', state: 'pending' } },
  productOrder: { type: 'ProductOrder', collection: 'productOrder', field: 'state', changeEvent: 'ProductOrderStateChangeEvent', informationRequired: { event: 'ProductOrderInformationRequiredEvent', state: 'pending' } },
  customer: { type: 'Customer', collection: 'customer', field: 'status', changeEvent: 'CustomerStateChangeEvent' }
}

/** Whether the loop follows resources of this kind for triggers. */
export const isTriggerSource = (kind: EntityKind): boolean => LIFECYCLES[kind] !== undefined

/**
 * The occurrences a version of a ticket, order or customer stands for: its create event, one
 * lifecycle change event per history entry after the first (the payload as it was then: the
 * lifecycle field set to that entry's state), a `TroubleTicketResolvedEvent` per move to
 * `resolved`, an information-required event per move to `pending`, and the attribute value change
 * of this version. Pure.
 */
export function occurrencesOf (kind: EntityKind, doc: Doc): Occurrence[] {
  const lc = LIFECYCLES[kind]
  if (lc === undefined) return []
  const out: Occurrence[] = []
  const add = (eventType: string, at: unknown, payload: Doc): void => {
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return
    out.push({ eventType, at: new Date(at).toISOString(), event: { eventType, eventTime: at, event: { [lc.collection]: payload } } })
  }
  add(`${lc.type}CreateEvent`, doc.creationDate, doc)
  const history = Array.isArray(doc[`${lc.field}ChangeHistory`]) ? doc[`${lc.field}ChangeHistory`] as Doc[] : []
  history.forEach((h, i) => {
    const state = h?.[lc.field]
    const at = h?.[`${lc.field}ChangeDate`]
    if (i === 0 || typeof state !== 'string') return
    const then = { ...doc, [lc.field]: state, [`${lc.field}ChangeDate`]: at }
    add(lc.changeEvent, at, then)
    if (kind === 'troubleTicket' && state === 'resolved') add('TroubleTicketResolvedEvent', at, then)
    if (lc.informationRequired !== undefined && state === lc.informationRequired.state) add(lc.informationRequired.event, at, then)
  })
  add(`${lc.type}AttributeValueChangeEvent`, doc.lastUpdate, doc)
  return out
}

export interface Trigger { eventType: string, delayMinutes: number, query?: string }

const parsed = new Map<string, Condition[] | null>()

/** A trigger query's conditions (cached); null for a query that does not parse (it matches nothing). */
function conditionsOf (query: string): Condition[] | null {
  let c = parsed.get(query)
  if (c === undefined) {
    try {
      c = parseFilter(query).conditions
    } catch {
      c = null
    }
    if (parsed.size > 1000) parsed.clear()
    parsed.set(query, c)
  }
  return c
}

/**
 * The earliest occurrence a trigger fires on: its event type, its `query` (TMF630 filter, as in a
 * hub subscription) matching the event, and at or after `since` (when the survey became active:
 * a survey does not fire on what happened before it ran).
 */
export function firstMatch (trigger: Trigger, occurrences: readonly Occurrence[], since: string): Occurrence | undefined {
  const conditions = trigger.query === undefined ? [] : conditionsOf(trigger.query)
  if (conditions === null) return undefined
  return occurrences
    .filter((o) => o.eventType === trigger.eventType && Date.parse(o.at) >= Date.parse(since) && matchesConditions(o.event, conditions))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0]
}
