import type { Doc } from '@cx/engine'
import type { Queryable } from '@cx/store'
import { partiesInRole, partyIdOf, SLA_ROLES } from './sla-parties.ts'

/** Violation states whose penalties are owed; `disputed` ones are listed apart until resolved. */
export const OWED_STATES: readonly string[] = ['detected', 'acknowledged', 'accepted']
export const DISPUTED_STATE = 'disputed'

export interface Money { unit: string, value: number }
export interface ViolationLine { id: string, href: string, state: string, date: string, penalty?: Money }

/** The penalties owed by one partner over one period, per currency, with what they sum. */
export interface SettlementStatement {
  partner: string
  periodStart: string
  periodEnd: string
  total: Money[]
  violation: ViolationLine[]
  disputed: ViolationLine[]
  disputedTotal: Money[]
}

// Money in minor units while summing, so 0.1 + 0.2 stays 0.3 (two decimals, ISO 4217's usual).
const cents = (v: number): number => Math.round(v * 100)

function totals (lines: readonly ViolationLine[]): Money[] {
  const by = new Map<string, number>()
  for (const l of lines) if (l.penalty !== undefined) by.set(l.penalty.unit, (by.get(l.penalty.unit) ?? 0) + cents(l.penalty.value))
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([unit, c]) => ({ unit, value: c / 100 }))
}

/**
 * Apportions the penalties of `partner` for violations dated in [periodStart, periodEnd): those
 * in an owed state are summed per currency (a violation's penalty is its `consequence.penalty`),
 * disputed ones are listed and summed apart and excluded from `total`; settled ones are in no
 * period any more. Reads in `q` (the caller's transaction, for a freeze).
 */
export async function settlementStatement (q: Queryable, partner: string, periodStart: string, periodEnd: string, opts: { forUpdate?: boolean } = {}): Promise<SettlementStatement> {
  const rows = (await q.query<{ doc: Doc }>(
    `SELECT doc FROM sla_violation WHERE parties @> ARRAY[$1]::text[] AND doc->>'state' = ANY($2::text[])
       AND (doc->>'date')::timestamptz >= $3::timestamptz AND (doc->>'date')::timestamptz < $4::timestamptz ORDER BY doc->>'date', id${opts.forUpdate === true ? ' FOR UPDATE' : ''}`,
    [partner, [...OWED_STATES, DISPUTED_STATE], periodStart, periodEnd])).rows
  const lines = rows.map((r) => r.doc).filter((v) => partiesInRole(v, SLA_ROLES.provider).some((p) => partyIdOf(p) === partner)).map((v): ViolationLine => {
    const penalty = (v.consequence as Doc | undefined)?.penalty as Money | undefined
    return {
      id: String(v.id),
      href: String(v.href),
      state: String(v.state),
      date: String(v.date),
      ...(penalty !== undefined && typeof penalty.value === 'number' && typeof penalty.unit === 'string' ? { penalty: { unit: penalty.unit, value: penalty.value } } : {})
    }
  })
  const owed = lines.filter((l) => OWED_STATES.includes(l.state))
  const disputed = lines.filter((l) => l.state === DISPUTED_STATE)
  return { partner, periodStart, periodEnd, total: totals(owed), violation: owed, disputed, disputedTotal: totals(disputed) }
}
