import { isComparison, type Condition } from '@cx/tmf-query'

const RELATED_PARTY_ID = 'relatedParty.partyOrPartyRole.id'

/**
 * `relatedParty.partyOrPartyRole.id=…` is the most common filter of all (a customer's tickets,
 * a partner's orders), and the `parties` column already holds exactly those ids with its own
 * GIN index. Answering it from the column skips evaluating a jsonpath on every candidate
 * document (measured 2× on PostgreSQL). Only exact when the resource adds no extra parties.
 */
export function partyFilterToSql (conditions: readonly Condition[], exact: boolean, params: unknown[]): { sql: string[], rest: Condition[] } {
  const sql: string[] = []
  const rest: Condition[] = []
  for (const c of conditions) {
    if (exact && isComparison(c) && c.op === 'eq' && c.path.join('.') === RELATED_PARTY_ID && c.values.length > 0) {
      params.push(c.values.map(String))
      sql.push(`parties && $${params.length}::text[]`)
    } else {
      rest.push(c)
    }
  }
  return { sql, rest }
}
