import type { FastifyInstance } from 'fastify'
import { projectVersions, type IncomingVersion } from '../projections/project.ts'
import type { EntityKind } from '../projections/entity-facts.ts'

type Doc = Record<string, unknown>

// A partner is named after its id in capitals (P1 for p1): scorecards show the name.
const party = (role: string, id: string): Doc => ({ role, partyOrPartyRole: role === 'customer' ? { id, '@referredType': 'Customer' } : { id, name: id.toUpperCase(), '@referredType': 'BusinessPartner' } })
const parties = (customer: string, partner: string | null, role = 'partner'): Doc[] => [party('customer', customer), ...(partner === null ? [] : [party(role, partner)])]
const v = (kind: EntityKind, doc: Doc): IncomingVersion => ({ kind, doc: { lastUpdate: '2026-06-01T00:00:00.000Z', ...doc }, deleted: false, at: '2026-06-01T00:00:00.000Z' })

/** A completed response submitted at `at`. */
export const response = (id: string, at: string, customer: string, partner: string | null, score: Doc, status = 'completed'): IncomingVersion =>
  v('surveyResponse', { id, status, submittedDate: at, creationDate: at, score, relatedParty: parties(customer, partner) })

/** A ticket created at `created` with its status changes [status, date]. */
export const ticket = (id: string, created: string, changes: Array<[string, string]>, customer: string, partner: string | null): IncomingVersion =>
  v('troubleTicket', {
    id,
    creationDate: created,
    status: changes[changes.length - 1]?.[0] ?? 'acknowledged',
    statusChangeHistory: [['acknowledged', created] as [string, string], ...changes].map(([status, statusChangeDate]) => ({ status, statusChangeDate })),
    relatedParty: parties(customer, partner)
  })

/** An order created at `created` with its state changes, offerings and channels. */
export const order = (id: string, created: string, changes: Array<[string, string]>, customer: string, partner: string | null, offerings: string[] = [], channels: string[] = []): IncomingVersion =>
  v('productOrder', {
    id,
    creationDate: created,
    state: changes[changes.length - 1]?.[0] ?? 'acknowledged',
    stateChangeHistory: [['acknowledged', created] as [string, string], ...changes].map(([state, stateChangeDate]) => ({ state, stateChangeDate })),
    productOrderItem: offerings.map((o, i) => ({ id: String(i + 1), action: 'add', productOffering: { id: o } })),
    channel: channels.map((c) => ({ role: 'sales', channel: { id: c } })),
    relatedParty: parties(customer, partner)
  })

/** An SLA violation of `partner` (the SLAProvider) dated `at`, with a penalty, on the records `refs` ([@referredType, id]). */
export const violation = (id: string, at: string, customer: string, partner: string, penalty: { value: number, unit: string } | null, refs: Array<[string, string]>): IncomingVersion =>
  v('slaViolation', {
    id,
    date: at,
    ...(penalty === null ? {} : { consequence: { penalty } }),
    relatedEntity: refs.map(([type, ref]) => ({ role: 'breachedBy', entity: { id: ref, '@referredType': type } })),
    relatedParty: parties(customer, partner, 'SLAProvider')
  })

export const customer = (id: string, segment: string, partner: string): IncomingVersion =>
  v('customer', { id, name: id, creationDate: '2025-01-01T00:00:00.000Z', characteristic: [{ name: 'segment', value: segment }], relatedParty: [party('partner', partner)] })

/** Writes `versions` through the evolve step (the projection code path of live events and back-fill). */
export async function project (app: FastifyInstance, versions: IncomingVersion[]): Promise<void> {
  await app.db.transaction(async (tx) => { await projectVersions(tx, versions, new Date('2026-06-01T00:00:00.000Z')) })
}
