/** Partner scorecards grouped for display: one ranked table per period, and each partner's history. */

export interface ScorecardLike {
  partner: { id: string, name?: string }
  periodStart: string
  score: number | null
  rank: number | null
  trend: number | null
}

export interface ScorecardPeriod<T extends ScorecardLike> {
  periodStart: string
  /** Ranked first (rank 1 first), then partners without a score, by name. */
  entries: T[]
  /** Whether any partner has a score in the period. */
  hasScores: boolean
}

function byRank<T extends ScorecardLike> (a: T, b: T): number {
  if (a.rank !== null && b.rank !== null && a.rank !== b.rank) return a.rank - b.rank
  if (a.rank !== null && b.rank === null) return -1
  if (a.rank === null && b.rank !== null) return 1
  return (a.partner.name ?? a.partner.id).localeCompare(b.partner.name ?? b.partner.id)
}

/** Groups scorecards by period, newest period first, each ranked. */
export function periodsOf<T extends ScorecardLike> (cards: readonly T[]): Array<ScorecardPeriod<T>> {
  const groups = new Map<string, T[]>()
  for (const c of cards) {
    const g = groups.get(c.periodStart)
    if (g === undefined) groups.set(c.periodStart, [c])
    else g.push(c)
  }
  return [...groups].sort(([a], [b]) => Date.parse(b) - Date.parse(a))
    .map(([periodStart, entries]) => ({ periodStart, entries: [...entries].sort(byRank), hasScores: entries.some((e) => e.score !== null) }))
}

/** The period to open first: the newest one with a score, else the newest. */
export function defaultPeriod<T extends ScorecardLike> (periods: ReadonlyArray<ScorecardPeriod<T>>): string | undefined {
  return (periods.find((p) => p.hasScores) ?? periods[0])?.periodStart
}

/** Score per partner per period (oldest first) for the trend chart: one series per partner. */
export function scoreSeries<T extends ScorecardLike> (cards: readonly T[]): { periods: string[], partners: Array<{ id: string, name: string, scores: Array<number | null> }> } {
  const periods = [...new Set(cards.map((c) => c.periodStart))].sort((a, b) => Date.parse(a) - Date.parse(b))
  const partners = new Map<string, { id: string, name: string, scores: Array<number | null> }>()
  for (const c of cards) {
    let p = partners.get(c.partner.id)
    if (p === undefined) {
      p = { id: c.partner.id, name: c.partner.name ?? c.partner.id, scores: periods.map(() => null) }
      partners.set(c.partner.id, p)
    }
    p.scores[periods.indexOf(c.periodStart)] = c.score
  }
  return { periods, partners: [...partners.values()].sort((a, b) => a.name.localeCompare(b.name)) }
}
