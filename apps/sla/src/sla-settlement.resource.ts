import { Type } from 'typebox'
import { badRequest, conflict } from '@cx/errors'
import { DateTime, Extensible, OptionalExtensible, type Doc, type ResourceDeclaration } from '@cx/engine'
import { requireOperator } from './write-policy.ts'
import { SLA_PARTNER_ROLES, SLA_ROLES } from './sla-parties.ts'
import { settlementStatement } from './sla-settlement.compute.ts'

const ViolationLine = Type.Object({
  id: Type.String(),
  href: Type.String(),
  state: Type.String({ description: 'The violation\'s state when the period was computed or frozen' }),
  date: DateTime,
  penalty: Type.Optional(Type.Ref('Money'))
}, { $id: 'SlaSettlementLine', additionalProperties: true })

const PartnerRef = Type.Object({ id: Type.String({ minLength: 1 }), name: Type.Optional(Type.String()), '@referredType': Type.Optional(Type.String()) }, { additionalProperties: true })

/**
 * A frozen period of one partner's SLA penalties (a CX Suite extension of TMF623): immutable once
 * created; its violations moved to `settled` in the same transaction.
 */
export const SlaSettlement = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  partner: PartnerRef,
  periodStart: DateTime,
  periodEnd: DateTime,
  total: Type.Array(Type.Ref('Money'), { description: 'Penalties owed, one entry per currency' }),
  violation: Type.Array(Type.Ref('SlaSettlementLine'), { description: 'The violations summed (now settled)' }),
  disputed: Type.Array(Type.Ref('SlaSettlementLine'), { description: 'Violations of the period under dispute: excluded from total, not settled' }),
  disputedTotal: Type.Array(Type.Ref('Money')),
  settledBy: Type.String({ description: 'The subject of the operator who froze the period' }),
  settlementDate: DateTime,
  relatedParty: Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef')),
  creationDate: Type.Optional(DateTime)
}, { $id: 'SlaSettlement', additionalProperties: true })

export const SlaSettlementFvo = Type.Object({
  ...OptionalExtensible,
  partner: PartnerRef,
  periodStart: DateTime,
  periodEnd: DateTime
}, { $id: 'SlaSettlement_FVO', additionalProperties: false })

/** Locks one partner's settlements for the transaction (two freezes of one partner go one after the other). */
const LOCK_NAMESPACE = 623

export const slaSettlementResource: ResourceDeclaration = {
  name: 'slaSettlement',
  type: 'SlaSettlement',
  table: 'sla_settlement',
  schemas: { resource: SlaSettlement, create: SlaSettlementFvo, patch: SlaSettlementFvo },
  components: [ViolationLine],
  timestamps: { created: 'creationDate' },
  operations: { patch: false, delete: false },
  events: { attributeValueChange: false },
  partnerRoles: SLA_PARTNER_ROLES,
  onCreate: async (doc, ctx) => {
    requireOperator(ctx.principal, 'settle a period')
    const partner = String((doc.partner as Doc).id)
    const start = String(doc.periodStart)
    const end = String(doc.periodEnd)
    if (!(Date.parse(start) < Date.parse(end))) throw badRequest('periodStart must be before periodEnd', 'ERR400-PERIOD')
    await ctx.tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, partner])
    const overlap = (await ctx.tx.query<{ id: string }>(
      `SELECT id FROM sla_settlement WHERE doc#>>'{partner,id}' = $1
         AND (doc->>'periodStart')::timestamptz < $3::timestamptz AND (doc->>'periodEnd')::timestamptz > $2::timestamptz LIMIT 1`,
      [partner, start, end])).rows[0]
    if (overlap !== undefined) throw conflict(`partner ${partner} already has settlement ${overlap.id} overlapping ${start} – ${end}`, 'ERR409-SETTLED')
    const statement = await settlementStatement(ctx.tx, partner, start, end, { forUpdate: true })
    const violations = ctx.resource('slaViolation')
    for (const line of statement.violation) await violations.systemPatch(ctx, line.id, { state: 'settled', stateChangeReason: `settled in ${String(doc.id)}` })
    return {
      ...doc,
      partner: { '@referredType': 'BusinessPartner', ...(doc.partner as Doc) },
      total: statement.total,
      violation: statement.violation,
      disputed: statement.disputed,
      disputedTotal: statement.disputedTotal,
      settledBy: ctx.principal.subject,
      settlementDate: ctx.now,
      relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: SLA_ROLES.provider, partyOrPartyRole: { '@type': 'PartyRoleRef', id: partner, '@referredType': 'BusinessPartner' } }]
    }
  },
  indexes: [{ name: 'partner_id', path: ['partner', 'id'], as: 'text' }]
}
