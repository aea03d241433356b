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
