import { badRequest } from '@cx/errors'
import type { Doc, WriteContext } from '@cx/engine'
import { OUTAGE } from './trouble-ticket.outage.schemas.ts'

/** Ticket statuses from which a ticket is still open (TMF621 lifecycle, TMF.md §1.3). */
export const OPEN_STATUSES: readonly string[] = ['acknowledged', 'inProgress', 'pending', 'held']

/** The relationship types linking an outage and the customer tickets it caused. */
export const OUTAGE_LINKS = { child: 'isChildOf', parent: 'isParentOf' } as const

export const isOutage = (doc: Doc): boolean => doc['@type'] === OUTAGE.type || doc.ticketType === OUTAGE.ticketType

/**
 * Refuses an outage that does not follow the documented subclass (400 ERR400-OUTAGE):
 * `@type` CxOutage with `@baseType` TroubleTicket and `ticketType` Outage go together, and its
 * `impact` names at least one offering, place (with a city or postCode) or customer.
 */
export function checkOutage (doc: Doc): void {
  if (!isOutage(doc)) return
  if (doc['@type'] !== OUTAGE.type || doc['@baseType'] !== OUTAGE.baseType || doc.ticketType !== OUTAGE.ticketType) {
    throw badRequest(`an outage has @type ${OUTAGE.type}, @baseType ${OUTAGE.baseType} and ticketType ${OUTAGE.ticketType} together`, 'ERR400-OUTAGE')
  }
  const impact = (doc.impact ?? {}) as { productOffering?: unknown[], place?: Array<{ city?: string, postCode?: string }>, customer?: unknown[] }
  const places = impact.place ?? []
  if (places.some((p) => p.city === undefined && p.postCode === undefined)) throw badRequest('every impact.place needs a city or a postCode', 'ERR400-OUTAGE')
  if ((impact.productOffering ?? []).length + places.length + (impact.customer ?? []).length === 0) {
    throw badRequest('an outage needs an impact naming at least one productOffering, place or customer', 'ERR400-OUTAGE')
  }
}

/**
 * Resolving an outage resolves its open children (the tickets listed with relationshipType
 * isParentOf) in the same transaction, each with a note naming the outage, so their own
 * TroubleTicketResolvedEvent goes out (and with it their survey invitations). A child is walked
 * along the TMF621 diagram: acknowledged, pending and held go through inProgress first.
 */
export async function resolveChildren (outage: Doc, ctx: WriteContext): Promise<number> {
  const tickets = ctx.resource('troubleTicket')
  const children = relationships(outage).filter((r) => r.relationshipType === OUTAGE_LINKS.parent).map((r) => r.id)
  const reason = typeof outage.statusChangeReason === 'string' && outage.statusChangeReason !== '' ? ` (${outage.statusChangeReason})` : ''
  let resolved = 0
  for (const id of children) {
    const child = await tickets.get(ctx.tx, id)
    if (child === undefined || !OPEN_STATUSES.includes(String(child.status))) continue
    if (child.status !== 'inProgress') await tickets.systemPatch(ctx, id, { status: 'inProgress' })
    const note = {
      '@type': 'Note',
      author: 'CX Suite',
      date: ctx.now,
      text: `Resolved with the outage it was part of: ${String(outage.name ?? outage.description)} (ticket ${String(outage.id)})${reason}.`
    }
    const notes = Array.isArray(child.note) ? child.note : []
    await tickets.systemPatch(ctx, id, { status: 'resolved', statusChangeReason: `outage ${String(outage.id)} resolved`, note: [...notes, note] })
    resolved++
  }
  return resolved
}

/** The ticket's troubleTicketRelationship entries that have an id. */
export function relationships (doc: Doc): Array<{ id: string, relationshipType: string }> {
  const list = Array.isArray(doc.troubleTicketRelationship) ? doc.troubleTicketRelationship as Doc[] : []
  return list.filter((r) => typeof r.id === 'string').map((r) => ({ id: String(r.id), relationshipType: String(r.relationshipType) }))
}
