// RFC 3339 date-times and plain dates. Written out by hand because `Date.parse` accepts far more
// (`'2'` is the year 2001) and rolls impossible days over into the next month.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/

function daysInMonth (year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function normaliseOffset (zone: string | undefined): string {
  // A date-time without an offset is read as UTC so the answer never depends on the server's zone.
  if (zone === undefined || zone === 'Z' || zone === 'z') return 'Z'
  const digits = zone.replace(':', '')
  return `${digits.slice(0, 3)}:${digits.slice(3)}`
}

/**
 * The UTC ISO form (`toISOString()`) of an RFC 3339 date-time or a `YYYY-MM-DD` date (midnight UTC),
 * or undefined when `raw` is not one.
 */
export function normaliseDateTime (raw: string): string | undefined {
  const m = DATE_TIME.exec(raw)
  if (m === null) return undefined
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined
  const offset = normaliseOffset(zone)
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4)) > 59)) return undefined
  const millis = frac === '' ? '' : frac.slice(0, 4).padEnd(4, '0')
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${millis}${offset}`)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** True for a plain `YYYY-MM-DD`, which is also a common value of `format: date` attributes. */
export function isDateOnly (raw: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(raw)
}
