import { Type } from 'typebox'
import { TmfError } from '@cx/errors'
import { DateTime, Extensible, type ResourceDeclaration } from '@cx/engine'
import { Unit } from './sla-components.schemas.ts'
import { SLA_PARTNER_ROLES } from './sla-parties.ts'

/** The states of a clock: counting, stopped by a pause state, ended by its milestone, past its deadline. */
export const SLA_CLOCK_STATES = ['running', 'paused', 'stopped', 'breached'] as const

export const SlaClockJeopardy = Type.Object({
  date: DateTime,
  threshold: Type.Number({ description: 'The fraction of the allowed time at which the alert was raised' }),
  deadline: Type.Union([DateTime, Type.Null()])
}, { $id: 'SlaClockJeopardy', additionalProperties: true })

/**
 * One running measurement of one SLA rule on one ticket or order (a CX Suite extension of TMF623:
 * the R14.5 model has no clock). Kept by the watcher, read-only through the API.
 */
export const SlaClock = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  sla: Type.Ref('SlaRef'),
  rule: Type.Ref('SlaRuleRef'),
  relatedEntity: Type.Ref('EntityRef', { description: 'The ticket or order measured (@referredType TroubleTicket or ProductOrder)' }),
  relatedParty: Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), { description: 'The SLAProvider partner and the affected customer' }),
  state: Type.Enum(SLA_CLOCK_STATES),
  breached: Type.Boolean(),
  unit: Unit,
  elapsed: Type.Number({ description: 'Time counted (working time with a calendar), in unit, as of lastUpdate' }),
  remaining: Type.Optional(Type.Number({ description: 'Allowed time left, in unit, as of lastUpdate (0 once breached)' })),
  referenceValue: Type.Optional(Type.Number()),
  deadline: Type.Union([DateTime, Type.Null()], { description: 'When the clock breaches if it keeps running (the breach date once breached; null while paused or stopped)' }),
  startDate: DateTime,
  runningSince: Type.Optional(DateTime),
  stopDate: Type.Optional(DateTime),
  breachDate: Type.Optional(DateTime),
  jeopardy: Type.Optional(Type.Ref('SlaClockJeopardy')),
  violation: Type.Optional(Type.Ref('EntityRef')),
  lastUpdate: DateTime
}, { $id: 'SlaClock', additionalProperties: true, description: 'The clock of one SLA rule on one ticket or order (read-only)' })

export const slaClockResource: ResourceDeclaration = {
  name: 'slaClock',
  type: 'SlaClock',
  table: 'sla_clock',
  schemas: { resource: SlaClock, create: SlaClock, patch: SlaClock },
  components: [SlaClockJeopardy],
  // Read-only: the watcher writes clocks. `create: false` removes the POST route; the hook also
  // refuses a create reached from another resource's hook.
  operations: { create: false, patch: false, delete: false },
  events: { attributeValueChange: false, extra: ['SlaJeopardyAlertEvent'] },
  partnerRoles: SLA_PARTNER_ROLES,
  onCreate: () => { throw new TmfError(405, 'ERR405', 'Method Not Allowed', 'SLA clocks are kept by the service; they are read-only') },
  indexes: [{ name: 'entity_id', path: ['relatedEntity', 'id'], as: 'text' }, { name: 'sla_id', path: ['sla', 'id'], as: 'text' }]
}
