import { forbidden } from '@cx/errors'
import { changeTracking, type Doc, type ResourceDeclaration } from '@cx/engine'
import { SlaViolation, SlaViolationFvo, SlaViolationMvo, slaViolationComponents } from './sla-violation.schemas.ts'
import { deriveFromSla } from './sla-violation.derive.ts'
import { changedAttributes, requireOperator } from './write-policy.ts'
import { SLA_PARTNER_ROLES } from './sla-parties.ts'

/**
 * detected → acknowledged → disputed | accepted → settled; a lost dispute ends accepted. A
 * settlement also settles violations the partner never answered (detected, acknowledged).
 */
export const slaViolationTransitions = {
  detected: ['acknowledged', 'settled'],
  acknowledged: ['disputed', 'accepted', 'settled'],
  disputed: ['accepted', 'settled'],
  accepted: ['settled'],
  settled: []
} as const

/** What the responsible partner may do with a violation: respond to it, not rewrite or settle it. */
const PARTNER_ATTRIBUTES = ['state', 'stateChangeReason', 'note']
const PARTNER_STATES: readonly string[] = ['acknowledged', 'disputed', 'accepted']
const MANAGED = ['stateChangeHistory', 'stateChangeDate', 'lastUpdate']

function checkPartnerChange (before: Doc, after: Doc): void {
  const refused = changedAttributes(before, after, MANAGED).filter((k) => !PARTNER_ATTRIBUTES.includes(k))
  if (refused.length > 0) throw forbidden(`a partner may change only ${PARTNER_ATTRIBUTES.join(', ')} of an SlaViolation, not ${refused.join(', ')}`)
  if (after.state !== before.state && !PARTNER_STATES.includes(String(after.state))) {
    throw forbidden(`only the operator may move an SlaViolation to ${String(after.state)}`)
  }
}

export const slaViolationResource: ResourceDeclaration = {
  name: 'slaViolation',
  type: 'SlaViolation',
  table: 'sla_violation',
  schemas: { resource: SlaViolation, create: SlaViolationFvo, patch: SlaViolationMvo },
  components: slaViolationComponents,
  timestamps: { created: 'creationDate', updated: 'lastUpdate' },
  lifecycle: {
    field: 'state',
    initial: 'detected',
    transitions: slaViolationTransitions,
    ...changeTracking('state', 'StateChange'),
    changeEvent: 'SlaViolationStateChangeEvent'
  },
  // The measurement and the rule it was held against are facts: a wrong one is deleted, not edited.
  nonPatchable: ['sla', 'rule', 'actualValue', 'referenceValue', 'unit', 'operator', 'tolerance'],
  partnerRoles: SLA_PARTNER_ROLES,
  onCreate: async (doc, ctx) => {
    // Detection will be automatic in a later issue; until then the operator records breaches.
    requireOperator(ctx.principal, 'record an SlaViolation')
    const slaId = String((doc.sla as Doc).id)
    return deriveFromSla(doc, await ctx.resource('sla').get(ctx.tx, slaId), ctx.now)
  },
  onUpdate: (before, after, ctx) => {
    if (!ctx.principal.isOperator) checkPartnerChange(before, after)
    return after
  },
  indexes: [{ name: 'date', path: ['date'] }, { name: 'sla_id', path: ['sla', 'id'] }, { name: 'state', path: ['state'] }],
  example: {
    '@type': 'SlaViolation',
    sla: { id: '6f1c…', '@referredType': 'Sla' },
    rule: { id: 'ttr-critical' },
    date: '2025-03-04T18:00:00Z',
    actualValue: 31,
    relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: 'cust-001', '@referredType': 'Individual' } }],
    relatedEntity: [{ '@type': 'RelatedEntity', role: 'breachedBy', entity: { '@type': 'EntityRef', id: 'a5d2…', '@referredType': 'TroubleTicket' } }]
  }
}
