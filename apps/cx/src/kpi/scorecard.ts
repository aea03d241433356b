import { instantSql, STEP, type Period } from './series-query.ts'

/** One input of the composite score: its name, the weight, and the SQL giving its 0–100 score from the `per` row. */
interface ScoreInput { name: string, weight: number, value: string, score: string, rule: string }

const clamp = (sql: string): string => `greatest(0, least(100, ${sql}))`

/**
 * The composite partner score (0–100, 100 best): Σ weight × score over the inputs that have data
 * in the period, divided by the sum of their weights, rounded to an integer. Like the experience
 * index (customer360/experience.ts), an input without data carries no weight.
 */
export const SCORE_INPUTS: readonly ScoreInput[] = [
  { name: 'nps', weight: 0.25, value: 'nps', score: '(nps + 100) / 2', rule: 'NPS −100…100 mapped linearly to 0…100' },
  { name: 'csat', weight: 0.15, value: 'csat', score: 'csat', rule: 'CSAT % as is' },
  { name: 'mttrHours', weight: 0.2, value: 'mttr_p50', score: clamp('(72 - mttr_p50) / 68 * 100'), rule: 'median MTTR: 100 up to 4 h, linear to 0 at 72 h' },
  { name: 'slaViolationRate', weight: 0.2, value: 'violation_rate', score: clamp('100 - violation_rate'), rule: 'violations per 100 tickets resolved and orders closed: 100 − that rate (0 at one violation per record or more)' },
  { name: 'orderFalloutRate', weight: 0.1, value: 'fallout', score: '100 - fallout', rule: '100 − order fallout %' },
  { name: 'orderToActivationHours', weight: 0.1, value: 'o2a_p50', score: clamp('(720 - o2a_p50) / 672 * 100'), rule: 'median order to activation: 100 up to 48 h, linear to 0 at 720 h' }
]

/** The score rule in words, for the README and the schema. */
export const SCORE_FORMULA = `score = round(Σ weight × input score / Σ weight) over the inputs with data in the period: ${SCORE_INPUTS.map((i) => `${i.name} (weight ${i.weight}: ${i.rule})`).join('; ')}. rank: 1 = the best score in the period among scored partners (ties share a rank). trend: score − the partner's score in the previous period.`

const round2 = (sql: string): string => `round((${sql})::numeric, 2)::float8`
const p = (q: number, col: string, cond: string): string => round2(`percentile_cont(${q}) WITHIN GROUP (ORDER BY ${col}) FILTER (WHERE ${cond})`)

/** Local wall time `ls` (timestamp) of zone `$2` as RFC 3339 with its offset. */
const rfc3339 = (ls: string): string => {
  const off = `(${ls} - ((${ls} AT TIME ZONE $2) AT TIME ZONE 'UTC'))`
  return `to_char(${ls}, 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN ${off} = interval '0' THEN 'Z' WHEN ${off} > interval '0' THEN '+' || to_char(${off}, 'HH24:MI') ELSE '-' || to_char(-${off}, 'HH24:MI') END`
}

/**
 * SQL of a derived table `(…) AS sc` with one row per partner and period: `doc` (the
 * PartnerScorecard document), `ls` (local period start) and `rank_order` for the default order.
 * Parameters $1 period, $2 tz, $3 from, $4 to, $5 step (see scorecardParams). Every partner
 * named by a fact in the range gets an entry for every period (empty ones have null figures).
 * Rank and trend are computed over all partners before the caller's scope narrows the rows, so a
 * partner sees its true rank.
 */
export function scorecardTable (from: string, to: string): string {
  const weighted = SCORE_INPUTS.map((i) => `CASE WHEN ${i.value} IS NULL THEN 0 ELSE ${i.weight} * (${i.score}) END`).join(' + ')
  const weights = SCORE_INPUTS.map((i) => `CASE WHEN ${i.value} IS NULL THEN 0 ELSE ${i.weight} END`).join(' + ')
  const inputs = SCORE_INPUTS.map((i) => `jsonb_build_object('name', '${i.name}', 'value', ${i.value}, 'score', CASE WHEN ${i.value} IS NULL THEN NULL ELSE round((${i.score})::numeric, 1)::float8 END, 'weight', ${i.weight})`).join(', ')
  return `(
    WITH buckets AS (
      SELECT g AS ls FROM generate_series(
        date_trunc($1, ${instantSql(from, '$3', '$2', false)} AT TIME ZONE $2) - $5::interval,
        (${instantSql(to, '$4', '$2', true)} AT TIME ZONE $2) - interval '1 microsecond',
        $5::interval) AS g
    ), span AS (
      SELECT min(ls) AS first_ls, min(ls) AT TIME ZONE $2 AS lo, (max(ls) + $5::interval) AT TIME ZONE $2 AS hi FROM buckets
    ), counts AS (
      -- Counts only (a hash aggregate), over every kind: a partner named by any fact in the range has entries.
      SELECT date_trunc($1, x.at AT TIME ZONE $2) AS ls, pid AS partner,
        count(*) FILTER (WHERE x.kind = 'ticketOpened') AS tickets,
        count(*) FILTER (WHERE x.kind = 'ticketOpened' AND x.outcome = 'outage') AS outages,
        count(*) FILTER (WHERE x.kind = 'ticketOpened' AND x.outcome = 'repeat') AS repeats,
        count(*) FILTER (WHERE x.kind = 'slaViolation') AS violations,
        count(*) FILTER (WHERE x.kind IN ('ticketResolved', 'orderClosed')) AS closed,
        count(*) FILTER (WHERE x.kind = 'orderClosed') AS orders_closed,
        count(*) FILTER (WHERE x.kind = 'orderClosed' AND x.outcome = 'completed') AS fulfilled,
        count(*) FILTER (WHERE x.kind = 'orderClosed' AND x.outcome IN ('failed', 'partial', 'cancelled')) AS fallen,
        count(*) FILTER (WHERE x.kind = 'response' AND x.nps IS NOT NULL) AS nps_n,
        count(*) FILTER (WHERE x.kind = 'response' AND x.nps >= 9) AS promoters,
        count(*) FILTER (WHERE x.kind = 'response' AND x.nps <= 6) AS detractors_n,
        count(*) FILTER (WHERE x.kind = 'response' AND x.csat IS NOT NULL) AS csat_n,
        count(*) FILTER (WHERE x.kind = 'response' AND x.csat >= 4) AS satisfied,
        -- The partner's name as its records give it (cx_fact.partner_names), not a search of its journey.
        max(pname) AS name
      FROM cx_fact x CROSS JOIN LATERAL unnest(x.partners, x.partner_names) AS u(pid, pname)
      WHERE x.kind = ANY ('{ticketOpened,ticketAck,ticketResolved,orderClosed,response,slaViolation}'::text[])
        AND x.at >= (SELECT lo FROM span) AND x.at < (SELECT hi FROM span)
      GROUP BY 1, 2
    ), durations AS (
      -- Medians need the raw durations, but only of resolved tickets and completed orders.
      SELECT date_trunc($1, x.at AT TIME ZONE $2) AS ls, pid AS partner,
        ${p(0.5, 'x.hours', "x.kind = 'ticketResolved'")} AS mttr_p50,
        ${p(0.9, 'x.hours', "x.kind = 'ticketResolved'")} AS mttr_p90,
        ${p(0.5, 'x.hours', "x.kind = 'orderClosed'")} AS o2a_p50
      FROM cx_fact x CROSS JOIN LATERAL unnest(x.partners) AS pid
      WHERE (x.kind = 'ticketResolved' OR (x.kind = 'orderClosed' AND x.outcome = 'completed'))
        AND x.at >= (SELECT lo FROM span) AND x.at < (SELECT hi FROM span)
      GROUP BY 1, 2
    ), per AS (
      SELECT c.ls, c.partner, c.tickets, c.outages, c.repeats, d.mttr_p50, d.mttr_p90, c.violations,
        ${round2('100.0 * c.violations / NULLIF(c.closed, 0)')} AS violation_rate,
        c.fulfilled, d.o2a_p50,
        ${round2('100.0 * c.fallen / NULLIF(c.orders_closed, 0)')} AS fallout,
        ${round2('100.0 * (c.promoters - c.detractors_n) / NULLIF(c.nps_n, 0)')} AS nps,
        ${round2('100.0 * c.satisfied / NULLIF(c.csat_n, 0)')} AS csat,
        ${round2('100.0 * c.detractors_n / NULLIF(c.nps_n, 0)')} AS detractors
      FROM counts c LEFT JOIN durations d ON d.ls = c.ls AND d.partner = c.partner
    ), pen AS (
      SELECT ls, partner, jsonb_agg(jsonb_build_object('value', total, 'unit', unit) ORDER BY unit) AS penalties
      FROM (SELECT date_trunc($1, x.at AT TIME ZONE $2) AS ls, pid AS partner, coalesce(x.unit, '') AS unit, round(sum(x.amount)::numeric, 2)::float8 AS total
            FROM cx_fact x CROSS JOIN LATERAL unnest(x.partners) AS pid
            WHERE x.kind = 'slaViolation' AND x.amount IS NOT NULL AND x.at >= (SELECT lo FROM span) AND x.at < (SELECT hi FROM span)
            GROUP BY 1, 2, 3) AS s
      GROUP BY ls, partner
    ), partners AS (
      SELECT partner, max(name) AS name FROM counts GROUP BY partner
    ), scored AS (
      SELECT b.ls, pa.partner, pa.name, per.tickets, per.outages, per.repeats, per.mttr_p50, per.mttr_p90, per.violations, per.violation_rate, per.fulfilled,
        per.o2a_p50, per.fallout, per.nps, per.csat, per.detractors, pen.penalties,
        CASE WHEN (${weights}) > 0 THEN round((${weighted}) / (${weights}))::int END AS score
      FROM buckets b CROSS JOIN partners pa
      LEFT JOIN per ON per.ls = b.ls AND per.partner = pa.partner
      LEFT JOIN pen ON pen.ls = b.ls AND pen.partner = pa.partner
    ), ranked AS (
      SELECT s.*,
        CASE WHEN score IS NOT NULL THEN rank() OVER (PARTITION BY s.ls, score IS NULL ORDER BY score DESC) END AS rnk,
        score - lag(score) OVER (PARTITION BY s.partner ORDER BY s.ls) AS trend
      FROM scored s
    )
    SELECT r.ls, coalesce(r.rnk, 2147483647) AS rank_order, r.partner AS partner_id, jsonb_build_object(
      'id', r.partner || '@' || to_char(r.ls, 'YYYY-MM-DD'),
      'partner', CASE WHEN r.name IS NULL THEN jsonb_build_object('id', r.partner) ELSE jsonb_build_object('id', r.partner, 'name', r.name) END,
      'periodStart', ${rfc3339('r.ls')},
      'periodEnd', ${rfc3339('(r.ls + $5::interval)')},
      'ticketsAttributed', coalesce(r.tickets, 0),
      'outages', coalesce(r.outages, 0),
      'repeatContacts', coalesce(r.repeats, 0),
      'mttrHours', jsonb_build_object('p50', r.mttr_p50, 'p90', r.mttr_p90),
      'slaViolations', coalesce(r.violations, 0),
      'penalties', coalesce(r.penalties, '[]'::jsonb),
      'ordersFulfilled', coalesce(r.fulfilled, 0),
      'orderToActivationHours', jsonb_build_object('p50', r.o2a_p50),
      'orderFalloutRate', r.fallout,
      'nps', r.nps,
      'csat', r.csat,
      'detractorShare', r.detractors,
      'score', r.score,
      'scoreInputs', jsonb_build_array(${inputs}),
      'rank', r.rnk,
      'trend', r.trend,
      '@type', 'PartnerScorecard'
    ) AS doc
    FROM ranked r WHERE r.ls >= (SELECT first_ls FROM span) + $5::interval
  ) AS sc`
}

/** Parameters $1–$5 of scorecardTable. */
export function scorecardParams (period: Period, tz: string, from: string, to: string): unknown[] {
  return [period, tz, from, to, STEP[period]]
}
