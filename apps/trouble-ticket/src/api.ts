import type { ApiDeclaration } from '@cx/engine'
import { troubleTicketResourceWith } from './trouble-ticket.resource.ts'
import { DEFAULT_THREADING, type ThreadingSettings } from './trouble-ticket.threading.ts'

/** TMF621, threading new tickets with `settings` (default: a 30-day repeat-contact window). */
export const troubleTicketApiWith = (settings: ThreadingSettings = DEFAULT_THREADING): ApiDeclaration => ({
  name: 'troubleTicket',
  tmfId: 'TMF621',
  title: 'Trouble Ticket',
  description: 'Trouble tickets raised by customers and value-network partners, with the TMF621 lifecycle, v4 compatibility and event hub.',
  versions: ['v5', 'v4'],
  resources: [troubleTicketResourceWith(settings)]
})

export const troubleTicketApi: ApiDeclaration = troubleTicketApiWith()
