import { customerParty, partnerParty, type DemoCustomerId, type DemoPartnerId } from '../demo-parties.ts'
import type { Seed } from './seed-runner.ts'

const TT = '/tmf-api/troubleTicket/v5/troubleTicket'

interface DemoTicket { customer: DemoCustomerId, partner: DemoPartnerId, severity: string, ticketType: string, description: string, path: string[] }

// Tickets whose cause lies with a partner; `path` is the lifecycle they have gone through so far.
const TICKETS: DemoTicket[] = [
  { customer: 'cust-001', partner: 'fibreco', severity: 'Critical', ticketType: 'Incident', description: 'Fibre link down after street works', path: ['inProgress', 'resolved', 'closed'] },
  { customer: 'cust-002', partner: 'fibreco', severity: 'Major', ticketType: 'Incident', description: 'Broadband drops every evening', path: ['inProgress', 'held'] },
  { customer: 'cust-003', partner: 'fixit', severity: 'Major', ticketType: 'Incident', description: 'Technician missed the installation appointment', path: ['inProgress', 'resolved'] },
  { customer: 'cust-004', partner: 'streamplus', severity: 'Minor', ticketType: 'Complaint', description: 'Sports channel buffering in HD', path: ['inProgress', 'pending'] },
  { customer: 'cust-005', partner: 'fibreco', severity: 'Critical', ticketType: 'Incident', description: 'Office site offline, SLA gold', path: ['inProgress'] },
  { customer: 'cust-006', partner: 'streamplus', severity: 'Minor', ticketType: 'Request', description: 'Add parental controls to the streaming box', path: [] },
  { customer: 'cust-001', partner: 'fixit', severity: 'Minor', ticketType: 'Complaint', description: 'Router left in the wrong room', path: ['inProgress', 'resolved', 'inProgress'] },
  { customer: 'cust-003', partner: 'fibreco', severity: 'Major', ticketType: 'Incident', description: 'Packet loss on the business line', path: ['rejected'] }
]

export const troubleTicketSeed: Seed = {
  id: 'trouble-tickets-001',
  async run (call) {
    for (const t of TICKETS) {
      // Each partner raises its own tickets, so they are in its scope from the start.
      const created = await call('POST', TT, {
        '@type': 'TroubleTicket',
        name: t.description.slice(0, 40),
        description: t.description,
        severity: t.severity,
        ticketType: t.ticketType,
        relatedParty: [customerParty(t.customer), partnerParty(t.partner)]
      }, t.partner)
      for (const status of t.path) await call('PATCH', String(created.href), { status }, 'operator')
    }
  }
}
