import { customerParty, partnerParty, type DemoCustomerId, type DemoPartnerId } from '../demo-parties.ts'
import { onlyOne, storyKeyOf, storyKeyQuery } from './seed-refs.ts'
import type { Seed } from './seed-runner.ts'

const TT = '/tmf-api/troubleTicket/v5/troubleTicket'

interface DemoTicket { key: string, customer: DemoCustomerId, partner: DemoPartnerId, severity: string, ticketType: string, description: string, path: string[] }

// Tickets whose cause lies with a partner; `path` is the lifecycle they have gone through so far.
// `key` is the story's name for the ticket: SLA breaches and surveys link to it.
const TICKETS: DemoTicket[] = [
  { key: 'ticket-ada-fibre-outage', customer: 'cust-001', partner: 'fibreco', severity: 'Critical', ticketType: 'Incident', description: 'Fibre link down after street works', path: ['inProgress', 'resolved', 'closed'] },
  { key: 'ticket-grace-evening-drops', customer: 'cust-002', partner: 'fibreco', severity: 'Major', ticketType: 'Incident', description: 'Broadband drops every evening', path: ['inProgress', 'held'] },
  { key: 'ticket-northwind-missed-visit', customer: 'cust-003', partner: 'fixit', severity: 'Major', ticketType: 'Incident', description: 'Technician missed the installation appointment', path: ['inProgress', 'resolved'] },
  { key: 'ticket-alan-hd-buffering', customer: 'cust-004', partner: 'streamplus', severity: 'Minor', ticketType: 'Complaint', description: 'Sports channel buffering in HD', path: ['inProgress', 'pending'] },
  { key: 'ticket-contoso-site-offline', customer: 'cust-005', partner: 'fibreco', severity: 'Critical', ticketType: 'Incident', description: 'Office site offline, SLA gold', path: ['inProgress'] },
  { key: 'ticket-katherine-parental-controls', customer: 'cust-006', partner: 'streamplus', severity: 'Minor', ticketType: 'Request', description: 'Add parental controls to the streaming box', path: [] },
  { key: 'ticket-ada-router-room', customer: 'cust-001', partner: 'fixit', severity: 'Minor', ticketType: 'Complaint', description: 'Router left in the wrong room', path: ['inProgress', 'resolved', 'inProgress'] },
  { key: 'ticket-northwind-packet-loss', customer: 'cust-003', partner: 'fibreco', severity: 'Major', ticketType: 'Incident', description: 'Packet loss on the business line', path: ['rejected'] }
]

/** The demo tickets, each naming its customer (the TMF629 customer) and the partner it lies with. */
export const troubleTicketSeed: Seed = {
  id: 'trouble-tickets-001',
  finds: {
    troubleTicket: async (list, key) => onlyOne('troubleTicket', key, await list(`${TT}?${storyKeyQuery(key)}&fields=id,href,name`))
  },
  async run (call, refs) {
    for (const t of TICKETS) {
      // Each partner raises its own tickets, so they are in its scope from the start.
      const created = await call('POST', TT, {
        '@type': 'TroubleTicket',
        name: t.description.slice(0, 40),
        description: t.description,
        severity: t.severity,
        ticketType: t.ticketType,
        externalIdentifier: [storyKeyOf(t.key)],
        relatedParty: [customerParty(await refs.resolve('customer', t.customer)), partnerParty(t.partner)]
      }, t.partner)
      refs.remember('troubleTicket', t.key, created)
      for (const status of t.path) await call('PATCH', String(created.href), { status }, 'operator')
    }
  }
}
