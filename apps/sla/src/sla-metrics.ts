/**
 * The vocabulary of SLA rules: what can be measured, in which units, and how a measured value
 * is compared with the agreed one. Schemas, hooks and the (later) detection engine all read
 * these lists, so a new metric or unit is added in one place.
 */

/** Units of a duration, with their length in seconds (for converting measurements). */
export const DURATION_UNITS = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86_400
} as const
export type DurationUnit = keyof typeof DURATION_UNITS

export const SLA_UNITS = [...Object.keys(DURATION_UNITS) as DurationUnit[], 'percent'] as const
export type SlaUnit = DurationUnit | 'percent'

const durations = Object.keys(DURATION_UNITS) as readonly DurationUnit[]

/**
 * Each metric, what it is measured on and the units it may be expressed in. Durations run from
 * the ticket's or order's creation to the named milestone; availability is a reported value.
 */
export const SLA_METRICS = {
  timeToAcknowledge: { subject: 'TroubleTicket', units: durations, description: 'from a ticket\'s creation to its first move out of acknowledged' },
  timeToResolve: { subject: 'TroubleTicket', units: durations, description: 'from a ticket\'s creation to its resolution' },
  orderToActivation: { subject: 'ProductOrder', units: durations, description: 'from an order\'s creation to its completion (service active)' },
  availability: { subject: 'Measurement', units: ['percent'] as readonly SlaUnit[], description: 'the share of a period the service was up, as reported' }
} as const
export type SlaMetric = keyof typeof SLA_METRICS
export const SLA_METRIC_NAMES = Object.keys(SLA_METRICS) as SlaMetric[]

/** Comparison operators, spelled as in the TMF623 rule model (and TMF630 filters). */
export const SLA_OPERATORS = ['.lt', '.le', '.gt', '.ge', '.eq'] as const
export type SlaOperator = typeof SLA_OPERATORS[number]

export function unitsFor (metric: SlaMetric): readonly SlaUnit[] {
  return SLA_METRICS[metric].units
}
