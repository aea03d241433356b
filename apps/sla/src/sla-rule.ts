import { DURATION_UNITS, SLA_METRICS, unitsFor, type SlaMetric, type SlaOperator, type SlaUnit } from './sla-metrics.ts'

/**
 * Pure SLA rule logic: is a rule well formed, does it apply to a ticket or order, and does a
 * measured value breach it. No I/O, so the hooks of today and the automatic detection of a later
 * issue share exactly the same arithmetic.
 */

export interface RuleScope {
  ticketType?: readonly string[]
  severity?: readonly string[]
  productOffering?: ReadonlyArray<{ id: string }>
}

export interface SlaRuleModel {
  id: string
  metric: SlaMetric
  unit: SlaUnit
  operator: SlaOperator
  referenceValue: number
  /** How far beyond the reference value a measurement may go before it is a breach (rule unit). */
  tolerance?: number
  appliesTo?: RuleScope
}

export interface Measurement { value: number, unit: SlaUnit }

export interface Evaluation {
  breached: boolean
  /** The measurement in the rule's unit. */
  actualValue: number
  /** The value a measurement may reach before it breaches: the reference value moved by the tolerance. */
  limit: number
}

/** What a rule may be checked against: a ticket, an order or a reported measurement. */
export interface RuleSubject {
  kind: 'TroubleTicket' | 'ProductOrder' | 'Measurement'
  ticketType?: string
  severity?: string
  productOffering?: string
}

// Converted values are rounded so that 270 minutes is exactly 4.5 hours, not 4.499999….
const round = (n: number): number => Math.round(n * 1e9) / 1e9

/** Converts between units of the same dimension; throws for durations ↔ percent. */
export function convert (value: number, from: SlaUnit, to: SlaUnit): number {
  if (from === to) return value
  if (from === 'percent' || to === 'percent') throw new Error(`cannot convert ${from} to ${to}`)
  return round(value * DURATION_UNITS[from] / DURATION_UNITS[to])
}

/** Problems that make a rule meaningless, as readable sentences (empty when it is fine). */
export function ruleProblems (rule: SlaRuleModel): string[] {
  const problems: string[] = []
  const units = unitsFor(rule.metric)
  if (!units.includes(rule.unit)) problems.push(`rule ${rule.id}: unit ${rule.unit} is not a unit of ${rule.metric} (${units.join(', ')})`)
  if (rule.metric === 'availability' && (rule.referenceValue < 0 || rule.referenceValue > 100)) {
    problems.push(`rule ${rule.id}: an availability is between 0 and 100 percent`)
  }
  if (rule.metric !== 'availability' && rule.referenceValue < 0) problems.push(`rule ${rule.id}: a duration cannot be negative`)
  return problems
}

/** The tolerance widens the accepted range in the direction the operator allows. */
function limitOf (rule: SlaRuleModel): number {
  const tolerance = rule.tolerance ?? 0
  switch (rule.operator) {
    case '.lt':
    case '.le': return round(rule.referenceValue + tolerance)
    case '.gt':
    case '.ge': return round(rule.referenceValue - tolerance)
    case '.eq': return rule.referenceValue
  }
}

/** Whether a measurement breaches the rule, tolerance included. */
export function evaluateRule (rule: SlaRuleModel, measurement: Measurement | number): Evaluation {
  const actualValue = typeof measurement === 'number' ? measurement : convert(measurement.value, measurement.unit, rule.unit)
  const limit = limitOf(rule)
  const breached = ((): boolean => {
    switch (rule.operator) {
      case '.lt': return actualValue >= limit
      case '.le': return actualValue > limit
      case '.gt': return actualValue <= limit
      case '.ge': return actualValue < limit
      case '.eq': return round(Math.abs(actualValue - rule.referenceValue)) > (rule.tolerance ?? 0)
    }
  })()
  return { breached, actualValue, limit }
}

const listed = (allowed: readonly string[] | undefined, value: string | undefined): boolean => {
  if (allowed === undefined || allowed.length === 0) return true
  return value !== undefined && allowed.some((a) => a.toLowerCase() === value.toLowerCase())
}

/**
 * Ticket attributes (type, severity) only narrow tickets; product offerings narrow orders and
 * measurements, and tickets only when the ticket names its offering.
 */
function inScope (scope: RuleScope | undefined, subject: RuleSubject): boolean {
  if (scope === undefined) return true
  const ticket = subject.kind === 'TroubleTicket'
  const offerings = scope.productOffering?.map((p) => p.id)
  return (!ticket || (listed(scope.ticketType, subject.ticketType) && listed(scope.severity, subject.severity))) &&
    ((ticket && subject.productOffering === undefined) || listed(offerings, subject.productOffering))
}

/**
 * Whether a rule governs a subject: the metric must be measured on that kind of subject, and the
 * subject must be within both the SLA's and the rule's scope (an absent list means "any").
 */
export function ruleApplies (sla: { appliesTo?: RuleScope }, rule: SlaRuleModel, subject: RuleSubject): boolean {
  return SLA_METRICS[rule.metric].subject === subject.kind && inScope(sla.appliesTo, subject) && inScope(rule.appliesTo, subject)
}

// ——— Clocks: how much of a rule's allowed time a ticket or order has used ———

/** One entry of a ticket's `statusChangeHistory` or an order's `stateChangeHistory`. */
export interface StateChange { state: string, date: string }

/** Default pause states (TMF621 ticket statuses, TMF622 order states): waiting on someone else. */
export const DEFAULT_PAUSE_STATES: readonly string[] = ['pending', 'held']

/**
 * Where each duration metric's clock stops. `once`: the first arrival ends it for good (an
 * acknowledgement happens once); otherwise leaving the state (a reopened ticket) runs it again,
 * keeping the time already used. Terminal states without the milestone (cancelled, rejected,
 * failed) stop the clock too: there is nothing left to measure.
 */
export const CLOCK_STOPS = {
  timeToAcknowledge: { states: ['inProgress', 'resolved', 'closed', 'cancelled', 'rejected'], once: true },
  timeToResolve: { states: ['resolved', 'closed', 'cancelled', 'rejected'], once: false },
  orderToActivation: { states: ['completed', 'cancelled', 'failed', 'rejected', 'partial'], once: true }
} as const satisfies Record<Exclude<SlaMetric, 'availability'>, { states: readonly string[], once: boolean }>

export type ClockMetric = keyof typeof CLOCK_STOPS
export const isClockMetric = (m: SlaMetric): m is ClockMetric => m in CLOCK_STOPS

/** A clock as its history leaves it: `usedMs` from closed running spans, plus the open one. */
export interface ClockSpan {
  state: 'running' | 'paused' | 'stopped'
  /** Working ms counted in the spans that ended. */
  usedMs: number
  /** Start of the running span still open (state running), else null. */
  runningSince: string | null
  /** When the clock stopped (state stopped), else null. */
  stoppedAt: string | null
}

/**
 * Replays an entity's state history into its clock for one metric: from `created` the clock runs
 * except in a pause state; it stops at the metric's stop states (CLOCK_STOPS). Only working time
 * counts (`workingMs`: the business calendar, or wall-clock time without one). History entries
 * are taken in date order whatever order they arrive in.
 */
export function clockSpan (metric: ClockMetric, created: string, history: readonly StateChange[], opts: { pauseStates?: readonly string[], workingMs: (from: Date, to: Date) => number }): ClockSpan {
  const stops = CLOCK_STOPS[metric]
  const pauses = opts.pauseStates ?? DEFAULT_PAUSE_STATES
  const changes = [...history].filter((h) => !Number.isNaN(Date.parse(h.date))).sort((a, b) => Date.parse(a.date) - Date.parse(b.date))
  let usedMs = 0
  let since: string = created
  let state: ClockSpan['state'] = 'running'
  let stoppedAt: string | null = null
  for (const change of changes) {
    if (state === 'stopped' && stops.once) break
    const at = Date.parse(change.date) < Date.parse(created) ? created : change.date
    if (state === 'running') usedMs += opts.workingMs(new Date(since), new Date(at))
    if ((stops.states as readonly string[]).includes(change.state)) {
      state = 'stopped'
      stoppedAt = at
    } else if (pauses.includes(change.state)) {
      state = 'paused'
      stoppedAt = null
    } else {
      since = at
      state = 'running'
      stoppedAt = null
    }
  }
  return { state, usedMs, runningSince: state === 'running' ? since : null, stoppedAt }
}

/** Working ms a clock has used by `now`. */
export function elapsedMs (span: ClockSpan, now: Date, workingMs: (from: Date, to: Date) => number): number {
  return span.usedMs + (span.runningSince === null ? 0 : workingMs(new Date(span.runningSince), now))
}

/**
 * The allowed time of an upper-bound duration rule (`.lt`/`.le`) in ms, tolerance included, and
 * the smallest measurement that breaches it (`.le`: 1 ms beyond the limit; `.lt`: the limit).
 * Undefined for rules that are not deadlines (`.gt`, `.ge`, `.eq`, percentages): those are
 * judged when the clock stops.
 */
export function allowedMs (rule: SlaRuleModel): { limitMs: number, breachAtMs: number } | undefined {
  if (rule.unit === 'percent' || (rule.operator !== '.le' && rule.operator !== '.lt')) return undefined
  const limitMs = Math.round(limitOf(rule) * DURATION_UNITS[rule.unit] * 1000)
  return { limitMs, breachAtMs: rule.operator === '.le' ? limitMs + 1 : limitMs }
}

/** A number of ms in the rule's unit (rounded like every conversion). */
export function msInUnit (ms: number, unit: SlaUnit): number {
  return convert(ms / 1000, 'seconds', unit)
}
