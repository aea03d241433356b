import { badRequest, conflict } from '@cx/errors'
import type { Doc, LifecycleDeclaration } from './declaration.ts'

/** The opt-in check (STRICT_CHECKS) that refuses a create asking for a state it cannot start in. */
export const STRICT_INITIAL_STATE = 'initial-state'

/**
 * Sets the initial state on a new document. The server owns it (TMF621 and TMF622 lifecycles: a
 * new ticket or order enters at `initial` after the server's own checks), so a requested state is
 * honoured only when the declaration lets a client start there (`createStates`, e.g. a TMF622 v5
 * draft) and is otherwise replaced by `initial`; the TMF621 CTK creates tickets with a `status` of
 * its own. With `strict` (the STRICT_CHECKS `initial-state` opt-in) such a request is a 400 instead.
 */
export function enterInitialState (lc: LifecycleDeclaration, doc: Doc, now: string, strict = false): void {
  const requested = lc.requestedInitial?.(doc) ?? doc[lc.field]
  const allowed = lc.createStates ?? [lc.initial]
  const acceptable = typeof requested === 'string' && allowed.includes(requested)
  if (requested !== undefined && !acceptable && strict) {
    throw badRequest(`${lc.field} must be one of ${allowed.join(', ')} on creation, not ${JSON.stringify(requested)}`, 'ERR400-INITIAL-STATE')
  }
  const state = acceptable ? requested : lc.initial
  doc[lc.field] = state
  recordStateChange(lc, doc, state, typeof doc[lc.reasonField ?? ''] === 'string' ? String(doc[lc.reasonField ?? '']) : undefined, now)
}

/**
 * Checks a transition against the declared diagram and records it. Returns true when the state
 * changed. An illegal transition is a 409: the request is well formed but conflicts with the
 * resource's current state.
 */
export function applyTransition (lc: LifecycleDeclaration, before: Doc, after: Doc, now: string): boolean {
  const from = before[lc.field]
  const to = after[lc.field]
  if (to === from) return false
  if (typeof to !== 'string') throw badRequest(`${lc.field} must be a string`, 'ERR400-STATE')
  if (!(to in lc.transitions)) {
    throw badRequest(`${lc.field} ${JSON.stringify(to)} is not a known state (${Object.keys(lc.transitions).join(', ')})`, 'ERR400-STATE')
  }
  const allowed = lc.transitions[String(from)] ?? []
  if (!allowed.includes(to)) {
    throw conflict(`${lc.field} cannot change from ${String(from)} to ${to}; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none (final state)'}`, 'ERR409-TRANSITION')
  }
  const reason = lc.reasonField === undefined ? undefined : after[lc.reasonField]
  const reasonChanged = lc.reasonField !== undefined && reason !== before[lc.reasonField]
  // A reason carried over from the previous change does not describe this one.
  if (!reasonChanged && lc.reasonField !== undefined) delete after[lc.reasonField]
  recordStateChange(lc, after, to, reasonChanged && typeof reason === 'string' ? reason : undefined, now)
  return true
}

/**
 * Records a state that an onUpdate hook derived rather than the client asked for. The hook owns
 * that rule, so the diagram is not checked again. Returns true when the state differs from before.
 */
export function recordDerivedState (lc: LifecycleDeclaration, before: Doc, after: Doc, now: string): boolean {
  const to = after[lc.field]
  if (typeof to !== 'string' || !(to in lc.transitions)) throw new Error(`a hook set ${lc.field} to an unknown state ${JSON.stringify(to)}`)
  if (to === before[lc.field]) return false
  recordStateChange(lc, after, to, undefined, now)
  return true
}

function recordStateChange (lc: LifecycleDeclaration, doc: Doc, state: string, reason: string | undefined, now: string): void {
  if (lc.dateField !== undefined) doc[lc.dateField] = now
  if (lc.history === undefined) return
  const h = lc.history
  const entry: Doc = { '@type': h.type, [lc.field]: state, [h.dateKey]: now }
  if (reason !== undefined) entry[h.reasonKey] = reason
  const history = Array.isArray(doc[h.field]) ? doc[h.field] as unknown[] : []
  doc[h.field] = [...history, entry]
}

/** The attributes a lifecycle manages itself, so PATCH may not write them directly. */
export function lifecycleManagedFields (lc: LifecycleDeclaration | undefined): string[] {
  if (lc === undefined) return []
  return [lc.history?.field, lc.dateField].filter((f): f is string => f !== undefined)
}

/**
 * The TMF naming of a lifecycle's bookkeeping: `{field}ChangeHistory` entries of `historyType`
 * with `{field}ChangeDate` and `{field}ChangeReason`, mirrored on the resource itself.
 */
export function changeTracking (field: 'status' | 'state', historyType: string): Pick<LifecycleDeclaration, 'history' | 'dateField' | 'reasonField'> {
  const date = `${field}ChangeDate`
  const reason = `${field}ChangeReason`
  return { history: { field: `${field}ChangeHistory`, type: historyType, dateKey: date, reasonKey: reason }, dateField: date, reasonField: reason }
}
