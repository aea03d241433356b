/**
 * A KPI: what `GET /kpi` lists (name, unit, description, formula in words, higherIsBetter) and the
 * SQL that computes it per bucket over `cx_fact` rows aliased `f` (see projections/kpi-facts.ts).
 * `value`, `sample` and `p90` are aggregate expressions; `where` narrows the facts further.
 */
export interface KpiDefinition {
  name: string
  unit: string
  description: string
  formula: string
  higherIsBetter: boolean
  /** Fact kinds the KPI aggregates. */
  kinds: readonly string[]
  /** Extra SQL condition on `f`. */
  where?: string
  /** A join after `FROM cx_fact f` (at most one row per fact), for inputs the value needs. */
  join?: string
  /** Aggregate SQL giving the bucket's value (null when no fact). */
  value: string
  /** Aggregate SQL giving the bucket's sample size. */
  sample: string
  /** Aggregate SQL giving the 90th percentile, for duration KPIs. */
  p90?: string
  /** The value is a sum of money per currency (series entries carry `penalties`). */
  byCurrency?: boolean
}

/** `round(x, 2)` as a double: KPI values have two decimals at most. */
export const round2 = (sql: string): string => `round((${sql})::numeric, 2)::float8`

/** Percentage of the facts matching `cond` among those counted by `base` (0–100, 2 decimals). */
export const pct = (cond: string, base = 'TRUE'): string =>
  round2(`100.0 * count(*) FILTER (WHERE ${base} AND ${cond}) / NULLIF(count(*) FILTER (WHERE ${base}), 0)`)

/** A percentile (0–1) of `col`, linear interpolation between ranks (percentile_cont). */
export const percentile = (p: number, col: string): string => round2(`percentile_cont(${p}) WITHIN GROUP (ORDER BY ${col})`)
