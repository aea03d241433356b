/** Customer search rows: what the search table shows and filters on, derived from the 360 views. */

/** TMF621 statuses of a ticket still open (the experience index's openTickets rule, apps/cx README). */
export const OPEN_TICKET_STATUSES: readonly string[] = ['acknowledged', 'inProgress', 'pending', 'held']

/** TMF622 states of an order not yet in a final state. */
export const OPEN_ORDER_STATES: readonly string[] = ['acknowledged', 'inProgress', 'pending', 'held', 'assessingCancellation', 'pendingCancellation']

export type ChurnRisk = 'low' | 'medium' | 'high'

export interface CustomerRow {
  id: string
  name: string
  status: string | undefined
  /** The TMF629 characteristic named `segment`, when the customer API gave it. */
  segment: string | undefined
  openTickets: number
  experienceIndex: number | null
  churnRisk: ChurnRisk | undefined
}

export interface CustomerFilters {
  /** Matched case-insensitively against the name and exactly against the id. */
  text: string
  segment: string
  churnRisk: '' | ChurnRisk
  openTicketsOnly: boolean
}

export const NO_FILTERS: CustomerFilters = { text: '', segment: '', churnRisk: '', openTicketsOnly: false }

/** How many of the tickets are open (status in OPEN_TICKET_STATUSES). */
export function openTicketCount (tickets: ReadonlyArray<{ status?: string }>): number {
  return tickets.filter((t) => t.status !== undefined && OPEN_TICKET_STATUSES.includes(t.status)).length
}

/** The value of the TMF629 characteristic named `segment`, if any. */
export function segmentOf (characteristic: ReadonlyArray<{ name?: string, value?: unknown }> | undefined): string | undefined {
  const v = characteristic?.find((c) => c.name === 'segment')?.value
  return typeof v === 'string' ? v : undefined
}

/** The rows that pass every filter, in the given order. */
export function filterCustomers (rows: readonly CustomerRow[], f: CustomerFilters): CustomerRow[] {
  const text = f.text.trim().toLowerCase()
  return rows.filter((r) =>
    (text === '' || r.name.toLowerCase().includes(text) || r.id.toLowerCase() === text) &&
    (f.segment === '' || r.segment === f.segment) &&
    (f.churnRisk === '' || r.churnRisk === f.churnRisk) &&
    (!f.openTicketsOnly || r.openTickets > 0))
}

/** Distinct non-empty values, sorted. */
export function distinct (values: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))].sort((a, b) => a.localeCompare(b))
}
