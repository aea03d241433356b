import { Type } from 'typebox'
import { DateTime, Extensible, OptionalExtensible } from '@cx/engine'
import { SLA_METRIC_NAMES } from './sla-metrics.ts'
import { Operator, sharedComponents, Unit } from './sla-components.schemas.ts'

/** The SLA lifecycle states (draft → approved → active → expired | terminated). */
export const SLA_STATES = ['draft', 'approved', 'active', 'expired', 'terminated'] as const
const SlaState = Type.Enum(SLA_STATES)

export const SlaRule = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1, description: 'Unique within the SLA; violations refer to it' }),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  metric: Type.Enum(SLA_METRIC_NAMES, { description: 'timeToAcknowledge, timeToResolve (tickets), orderToActivation (orders), availability (reported)' }),
  unit: Unit,
  referenceValue: Type.Number({ description: 'The agreed value, in `unit`' }),
  operator: Operator,
  tolerance: Type.Optional(Type.Number({ minimum: 0, description: 'How far beyond referenceValue a measurement may go before it is a breach, in `unit`' })),
  consequence: Type.Optional(Type.Ref('SlaConsequence')),
  appliesTo: Type.Optional(Type.Ref('SlaAppliesTo')),
  pauseStates: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Ticket statuses or order states that stop the clock (default pending, held)' })),
  jeopardyThreshold: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Fraction of the allowed time at which an SlaJeopardyAlertEvent is raised (default SLA_JEOPARDY_FRACTION, 0.8)' }))
}, { $id: 'SlaRule', additionalProperties: true, description: 'One objective of the SLA: metric operator referenceValue (± tolerance) in unit' })

/** Attributes a client may send, on create (FVO) and on patch (MVO). */
const writable = {
  name: Type.String({ minLength: 1 }),
  description: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  validFor: Type.Optional(Type.Ref('TimePeriod')),
  state: Type.Optional(SlaState),
  stateChangeReason: Type.Optional(Type.String()),
  relatedParty: Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), { minItems: 1, description: 'Roles SLAProvider (the partner held to the SLA, required), SLAConsumer, SLAAuditor, EndUser…' }),
  rule: Type.Array(Type.Ref('SlaRule'), { minItems: 1 }),
  appliesTo: Type.Optional(Type.Ref('SlaAppliesTo')),
  calendar: Type.Optional(Type.Ref('BusinessCalendar')),
  template: Type.Optional(Type.Ref('EntityRef')),
  note: Type.Optional(Type.Array(Type.Ref('Note')))
}

export const Sla = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  ...writable,
  state: SlaState,
  creationDate: DateTime,
  lastUpdate: DateTime,
  approvalDate: Type.Optional(DateTime),
  stateChangeDate: Type.Optional(DateTime),
  stateChangeHistory: Type.Optional(Type.Array(Type.Ref('StateChange')))
}, { $id: 'Sla', additionalProperties: true, description: 'A service level agreement binding a provider partner to measurable rules (TMF623 model, @type Sla)' })

export const SlaFvo = Type.Object({ ...OptionalExtensible, ...writable }, {
  $id: 'Sla_FVO', additionalProperties: true, description: 'Create body: name, relatedParty (with an SLAProvider) and at least one rule are required; @type is optional on this v4 root (default Sla)'
})

export const SlaMvo = Type.Partial(Type.Object({ ...Extensible, ...writable }), {
  $id: 'Sla_MVO', additionalProperties: true, description: 'Merge-patch body; the rules of an SLA are fixed once it leaves draft'
})

/** A CX Suite extension: when an SLA's clocks count (only working time, in the calendar's zone). */
export const BusinessCalendar = Type.Object({
  timeZone: Type.String({ minLength: 1, description: 'IANA time zone, e.g. Europe/Paris' }),
  workingDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, description: 'ISO 8601 weekday numbers: 1 = Monday … 7 = Sunday' }),
  workingHours: Type.Array(Type.Object({
    start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
    end: Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' })
  }, { additionalProperties: false }), { minItems: 1, description: 'Local working intervals of a working day, HH:mm (end may be 24:00)' }),
  holidays: Type.Optional(Type.Array(Type.String({ format: 'date' }), { description: 'Local dates not worked, YYYY-MM-DD' }))
}, { $id: 'BusinessCalendar', additionalProperties: false, description: 'Working time of an SLA\'s clocks; without a calendar, wall-clock time counts' })

export const slaComponents = [...sharedComponents, SlaRule, BusinessCalendar]
