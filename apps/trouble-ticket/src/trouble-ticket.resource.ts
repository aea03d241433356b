import { changeTracking, type ResourceDeclaration } from '@cx/engine'
import { TroubleTicket, TroubleTicketFvo, TroubleTicketMvo, troubleTicketComponents } from './trouble-ticket.schemas.ts'
import { troubleTicketV4 } from './trouble-ticket.v4.ts'
import { checkOutage, isOutage, resolveChildren } from './trouble-ticket.outage.ts'
import { DEFAULT_THREADING, threadTicket, type ThreadingSettings } from './trouble-ticket.threading.ts'

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

/** The TMF621 troubleTicket, threading new tickets with `settings` (README, "Threading"). */
export const troubleTicketResourceWith = (settings: ThreadingSettings = DEFAULT_THREADING): ResourceDeclaration => ({
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
  nonPatchable: ['resolutionDate', 'repeatContactCount'],
  onCreate: async (doc, ctx) => {
    // repeatContactCount is the server's count: what a client sends is not kept.
    const { repeatContactCount: _ignored, ...rest } = doc
    checkOutage(rest)
    return await threadTicket(rest, ctx, settings)
  },
  onUpdate: async (before, after, ctx) => {
    checkOutage(after)
    // resolutionDate records the latest resolution; a reopened ticket is unresolved again.
    if (after.status === 'resolved' && before.status !== 'resolved') after.resolutionDate = ctx.now
    if (before.status === 'resolved' && after.status === 'inProgress') delete after.resolutionDate
    if (isOutage(after) && after.status === 'resolved' && before.status !== 'resolved') await resolveChildren(after, ctx)
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
  // What a care desk lists by at scale ("open Critical faults, newest first"): filters on the
  // state, severity and type, sorted by date. Each is a typed column (see README, Benchmarks).
  columns: [
    // Each filter index is keyed with the next most common filter, so the exact count of
    // `status=…&severity=…` or `severity=…&ticketType=…` reads one index and no document.
    { name: 'ticket_type', path: ['ticketType'], indexes: ['filter'] },
    { name: 'severity', path: ['severity'], indexes: ['filter'], filterWith: ['ticket_type'] },
    { name: 'status', path: ['status'], indexes: ['filter'], filterWith: ['severity'] },
    { name: 'creation_date', path: ['creationDate'], indexes: ['desc'] },
    // Kept for sorting by -lastUpdate without an index of its own: one index fewer per write.
    { name: 'last_update', path: ['lastUpdate'] }
  ],
  v4: troubleTicketV4,
  example: {
    '@type': 'TroubleTicket',
    description: 'No broadband since this morning',
    severity: 'Major',
    ticketType: 'Incident',
    relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: 'cust-001', '@referredType': 'Individual' } }]
  }
})

/** The TMF621 troubleTicket with the default threading window (30 days). */
export const troubleTicketResource: ResourceDeclaration = troubleTicketResourceWith()
