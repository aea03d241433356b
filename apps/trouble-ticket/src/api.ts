import type { ApiDeclaration } from '@cx/engine'
import { troubleTicketResource } from './trouble-ticket.resource.ts'

export const troubleTicketApi: ApiDeclaration = {
  name: 'troubleTicket',
  tmfId: 'TMF621',
  title: 'Trouble Ticket',
  description: 'Trouble tickets raised by customers and value-network partners, with the TMF621 lifecycle, v4 compatibility and event hub.',
  versions: ['v5', 'v4'],
  resources: [troubleTicketResource]
}
