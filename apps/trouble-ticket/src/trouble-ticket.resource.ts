import { changeTracking, type ResourceDeclaration } from '@cx/engine'
import { TroubleTicket, TroubleTicketFvo, TroubleTicketMvo, troubleTicketComponents } from './trouble-ticket.schemas.ts'
import { troubleTicketV4 } from './trouble-ticket.v4.ts'

/** The TMF621 lifecycle diagram (TMF.md §1.3). Final states: closed, cancelled, rejected. */
export const troubleTicketTransitions = {
  acknowledged: ['inProgress', 'rejected', 'cancelled'],
  inProgress: ['held', 'pending', 'cancelled', 'resolved'],
  held: ['inProgress'],
  pending: ['inProgress', 'cancelled'],
  resolved: ['closed', 'inProgress'],
  closed: [],
  cancelled: [],
  rejected: []
} as const

export const troubleTicketResource: ResourceDeclaration = {
  name: 'troubleTicket',
  type: 'TroubleTicket',
  table: 'trouble_ticket',
  schemas: { resource: TroubleTicket, create: TroubleTicketFvo, patch: TroubleTicketMvo },
  components: troubleTicketComponents,
  timestamps: { created: 'creationDate', updated: 'lastUpdate' },
  lifecycle: {
    field: 'status',
    initial: 'acknowledged',
    transitions: troubleTicketTransitions,
    ...changeTracking('status', 'StatusChange'),
    changeEvent: 'TroubleTicketStatusChangeEvent'
  },
  nonPatchable: ['resolutionDate'],
  onUpdate: (before, after, ctx) => {
    // resolutionDate records the latest resolution; a reopened ticket is unresolved again.
    if (after.status === 'resolved' && before.status !== 'resolved') after.resolutionDate = ctx.now
    if (before.status === 'resolved' && after.status === 'inProgress') delete after.resolutionDate
    return after
  },
  // TMF621 v5: the DeleteEvent carries a TroubleTicketRef, not the ticket.
  events: { deletePayload: 'ref', extra: ['TroubleTicketResolvedEvent', 'TroubleTicketInformationRequiredEvent'] },
  extraEvents: (before, after) => {
    const events: string[] = []
    if (after.status === 'resolved' && before?.status !== 'resolved') events.push('TroubleTicketResolvedEvent')
    if (after.status === 'pending' && before?.status !== 'pending') events.push('TroubleTicketInformationRequiredEvent')
    return events
  },
  indexes: [{ name: 'creation_date', path: ['creationDate'] }, { name: 'last_update', path: ['lastUpdate'] }],
  v4: troubleTicketV4,
  example: {
    '@type': 'TroubleTicket',
    description: 'No broadband since this morning',
    severity: 'Major',
    ticketType: 'Incident',
    relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: 'cust-001', '@referredType': 'Individual' } }]
  }
}
