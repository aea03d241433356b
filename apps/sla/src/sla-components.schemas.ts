import { Type } from 'typebox'
import { OptionalExtensible, stateChangeSchema } from '@cx/engine'
import { SLA_OPERATORS, SLA_UNITS } from './sla-metrics.ts'

/**
 * Component schemas shared by sla and slaViolation. Both resources list them in their
 * `components`; the engine keeps one copy per $id.
 */
const open = { additionalProperties: true }

export const Unit = Type.Enum(SLA_UNITS, { description: 'seconds, minutes, hours, days for durations; percent for availability' })
export const Operator = Type.Enum(SLA_OPERATORS, { description: 'How the measured value must compare with the reference value: .lt .le .gt .ge .eq' })

/** One entry of stateChangeHistory. */
export const StateChange = stateChangeSchema({ $id: 'StateChange', field: 'state' })

/** TMF Money: an amount in an ISO 4217 currency. */
export const Money = Type.Object({
  unit: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code, e.g. EUR' }),
  value: Type.Number({ minimum: 0 })
}, { $id: 'Money', ...open })

/** What a breach of a rule costs the provider: a penalty per violation and/or a description. */
export const SlaConsequence = Type.Object({
  ...OptionalExtensible,
  description: Type.Optional(Type.String()),
  penalty: Type.Optional(Type.Ref('Money'))
}, { $id: 'SlaConsequence', ...open, description: 'The consequence of one breach, e.g. a penalty of 200 EUR per violation' })

/** What an SLA or a rule governs; an absent list means "any". */
export const SlaAppliesTo = Type.Object({
  ...OptionalExtensible,
  ticketType: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'TMF621 ticketType values, e.g. Incident' })),
  severity: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'TMF621 severity values, e.g. Critical' })),
  productOffering: Type.Optional(Type.Array(Type.Ref('EntityRef'), { description: 'Product offerings (@referredType ProductOffering) whose orders or services are covered' }))
}, { $id: 'SlaAppliesTo', ...open })

export const sharedComponents = [StateChange, Money, SlaConsequence, SlaAppliesTo]
