import { Type } from 'typebox'
import { DateTime, Extensible, OptionalExtensible } from '@cx/engine'
import { SLA_METRIC_NAMES } from './sla-metrics.ts'
import { Operator, sharedComponents, Unit } from './sla-components.schemas.ts'

/** The violation lifecycle (detected → acknowledged → disputed | accepted → settled). */
export const SLA_VIOLATION_STATES = ['detected', 'acknowledged', 'disputed', 'accepted', 'settled'] as const
const ViolationState = Type.Enum(SLA_VIOLATION_STATES)

export const SlaRef = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String())
}, { $id: 'SlaRef', additionalProperties: true, description: 'The SLA that was breached; the server fills href and name' })

export const SlaRuleRef = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1, description: 'The id of a rule of the referenced SLA' }),
  name: Type.Optional(Type.String()),
  metric: Type.Optional(Type.Enum(SLA_METRIC_NAMES))
}, { $id: 'SlaRuleRef', additionalProperties: true, description: 'The rule that was breached; the server fills name and metric' })

/** Attributes a client may send, on create (FVO) and on patch (MVO). */
const writable = {
  description: Type.Optional(Type.String()),
  sla: Type.Ref('SlaRef'),
  rule: Type.Ref('SlaRuleRef'),
  date: Type.Optional(DateTime),
  actualValue: Type.Number({ description: 'The measured value, in the rule\'s unit' }),
  // Copied from the rule by the server; a client may repeat them but not contradict them.
  referenceValue: Type.Optional(Type.Number()),
  unit: Type.Optional(Unit),
  operator: Type.Optional(Operator),
  tolerance: Type.Optional(Type.Number({ minimum: 0 })),
  consequence: Type.Optional(Type.Ref('SlaConsequence')),
  relatedParty: Type.Optional(Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), { description: 'The responsible partner (SLAProvider, copied from the SLA) and the affected customer (customer)' })),
  relatedEntity: Type.Optional(Type.Array(Type.Ref('RelatedEntity'), { description: 'The ticket or order the measurement was taken on' })),
  state: Type.Optional(ViolationState),
  stateChangeReason: Type.Optional(Type.String()),
  note: Type.Optional(Type.Array(Type.Ref('Note'))),
  attachment: Type.Optional(Type.Array(Type.Ref('AttachmentRefOrValue')))
}

export const SlaViolation = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  ...writable,
  date: DateTime,
  referenceValue: Type.Number(),
  unit: Unit,
  operator: Operator,
  relatedParty: Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), { minItems: 1 }),
  state: ViolationState,
  creationDate: DateTime,
  lastUpdate: DateTime,
  stateChangeDate: Type.Optional(DateTime),
  stateChangeHistory: Type.Optional(Type.Array(Type.Ref('StateChange')))
}, { $id: 'SlaViolation', additionalProperties: true, description: 'A breach of one rule of an SLA, with its measured and agreed values (TMF623 model, @type SlaViolation)' })

export const SlaViolationFvo = Type.Object({ ...OptionalExtensible, ...writable }, {
  $id: 'SlaViolation_FVO', additionalProperties: true, description: 'Create body (operators only): sla, rule and actualValue are required; date defaults to now; @type is optional on this v4 root (default SlaViolation)'
})

export const SlaViolationMvo = Type.Partial(Type.Object({ ...Extensible, ...writable }), {
  $id: 'SlaViolation_MVO', additionalProperties: true, description: 'Merge-patch body; the measured and agreed values are fixed'
})

export const slaViolationComponents = [...sharedComponents, SlaRef, SlaRuleRef]
