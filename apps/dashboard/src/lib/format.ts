/** Display helpers. Dates are shown in the browser's locale and time zone. */

/** `2026-11-30T02:11:33Z` → a short local date and time; `—` for a missing or invalid value. */
export function formatDateTime (iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** A number with at most `digits` decimals; `—` for null/undefined/NaN. */
export function formatNumber (v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  return v.toLocaleString(undefined, { maximumFractionDigits: digits })
}

/**
 * The label of a KPI bucket: `2026-11` for a month, `2026-11-23` (the Monday) for a week, the
 * date for a day. Uses the bucket's own start as the server gives it (already in the series' tz).
 */
export function periodLabel (periodStart: string, period: 'day' | 'week' | 'month'): string {
  const date = periodStart.slice(0, 10)
  return period === 'month' ? date.slice(0, 7) : date
}

/** A score change: `+3`, `−5` (U+2212), `0`, or `—` without a previous score. */
export function formatTrend (trend: number | null | undefined): string {
  if (trend === null || trend === undefined) return '—'
  if (trend > 0) return `+${formatNumber(trend, 1)}`
  if (trend < 0) return `\u2212${formatNumber(-trend, 1)}`
  return '0'
}
