import { isDeepStrictEqual } from 'node:util'
import { conflict } from '@cx/errors'
import { changeTracking, type ResourceDeclaration } from '@cx/engine'
import { Sla, SlaFvo, SlaMvo, slaComponents } from './sla.schemas.ts'
import { checkSla } from './sla.checks.ts'
import { requireOperator } from './write-policy.ts'
import { SLA_PARTNER_ROLES } from './sla-parties.ts'

/** The SLA lifecycle: agreed in draft, approved by both sides, in force while active. */
export const slaTransitions = {
  draft: ['approved'],
  approved: ['active', 'terminated'],
  active: ['expired', 'terminated'],
  expired: [],
  terminated: []
} as const

export const slaResource: ResourceDeclaration = {
  name: 'sla',
  type: 'Sla',
  table: 'sla',
  schemas: { resource: Sla, create: SlaFvo, patch: SlaMvo },
  components: slaComponents,
  timestamps: { created: 'creationDate', updated: 'lastUpdate' },
  lifecycle: {
    field: 'state',
    initial: 'draft',
    transitions: slaTransitions,
    ...changeTracking('state', 'StateChange'),
    changeEvent: 'SlaStateChangeEvent'
  },
  nonPatchable: ['approvalDate'],
  partnerRoles: SLA_PARTNER_ROLES,
  onCreate: (doc, ctx) => {
    requireOperator(ctx.principal, 'create an Sla')
    checkSla(doc)
    return doc
  },
  onUpdate: (before, after, ctx) => {
    requireOperator(ctx.principal, 'change an Sla')
    // Violations point at rules by id and copy their values: once agreed, the rules stay as
    // they were; a changed agreement is a new SLA (or a new version of it).
    if (before.state !== 'draft' && !isDeepStrictEqual(before.rule, after.rule)) {
      throw conflict(`the rules of an Sla in state ${String(before.state)} are fixed; only a draft's rules may change`, 'ERR409-SLA-AGREED')
    }
    checkSla(after)
    if (after.state === 'approved' && before.state !== 'approved') after.approvalDate = ctx.now
    return after
  },
  indexes: [{ name: 'creation_date', path: ['creationDate'] }, { name: 'state', path: ['state'] }],
  example: {
    '@type': 'Sla',
    name: 'FibreCo wholesale access SLA',
    version: '1.0',
    validFor: { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2025-12-31T23:59:59Z' },
    relatedParty: [
      { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'SLAProvider', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'fibreco', '@referredType': 'BusinessPartner' } }
    ],
    rule: [{
      '@type': 'SlaRule',
      id: 'ttr-critical',
      metric: 'timeToResolve',
      unit: 'hours',
      operator: '.le',
      referenceValue: 8,
      tolerance: 0.5,
      appliesTo: { ticketType: ['Incident'], severity: ['Critical'] },
      consequence: { '@type': 'SlaConsequence', penalty: { unit: 'EUR', value: 500 } }
    }]
  }
}
