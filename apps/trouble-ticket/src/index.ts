export { buildApp, type AppOptions } from './app.ts'
export { troubleTicketApi } from './api.ts'
export { troubleTicketResource, troubleTicketTransitions } from './trouble-ticket.resource.ts'
export { TROUBLE_TICKET_STATUSES } from './trouble-ticket.schemas.ts'
