import { DateTime, IANAZone } from 'luxon'

/**
 * Business calendars of SLA clocks (a CX Suite extension of TMF623 `sla.calendar`): only working
 * time counts. Pure: no I/O, no clock. Local times are resolved in the calendar's IANA zone with
 * Luxon, so a working day across a DST change has the real length of its working hours (a
 * 09:00–17:00 day stays 8 hours; 00:00–24:00 is 23 or 25 hours that day).
 */
export interface BusinessCalendar {
  /** IANA time zone, e.g. `Europe/Paris`. */
  timeZone: string
  /** ISO 8601 weekday numbers that are working days (1 = Monday … 7 = Sunday). */
  workingDays: readonly number[]
  /** Local working intervals of a working day, `HH:mm` (end may be `24:00`), not overlapping. */
  workingHours: ReadonlyArray<{ start: string, end: string }>
  /** Local dates (`YYYY-MM-DD`) that are not worked. */
  holidays?: readonly string[]
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/
const DAY = /^\d{4}-\d{2}-\d{2}$/
/** Longest span a calendar walk covers before giving up (a calendar with no working time at all). */
const MAX_DAYS = 3 * 366

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Problems that make a calendar unusable, as readable sentences (empty when it is fine). */
export function calendarProblems (cal: BusinessCalendar): string[] {
  const problems: string[] = []
  if (!IANAZone.isValidZone(cal.timeZone)) problems.push(`calendar.timeZone ${cal.timeZone} is not an IANA time zone`)
  if (cal.workingDays.length === 0 || cal.workingDays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) problems.push('calendar.workingDays holds ISO weekday numbers 1 (Monday) to 7 (Sunday), at least one')
  if (cal.workingHours.length === 0) problems.push('calendar.workingHours needs at least one interval')
  const sorted = [...cal.workingHours].sort((a, b) => a.start.localeCompare(b.start))
  let previousEnd = -1
  for (const h of sorted) {
    if (!HHMM.test(h.start) || !HHMM.test(h.end) || h.start === '24:00') { problems.push(`calendar.workingHours ${h.start}–${h.end}: times are HH:mm (end may be 24:00)`); continue }
    if (minutesOf(h.end) <= minutesOf(h.start)) problems.push(`calendar.workingHours ${h.start}–${h.end} ends before it starts`)
    if (minutesOf(h.start) < previousEnd) problems.push(`calendar.workingHours ${h.start}–${h.end} overlaps another interval`)
    previousEnd = minutesOf(h.end)
  }
  for (const d of cal.holidays ?? []) if (!DAY.test(d) || !DateTime.fromISO(d).isValid) problems.push(`calendar.holidays ${d} is not a YYYY-MM-DD date`)
  return problems
}

/** The working intervals of one local day, as epoch ms [start, end), empty on a day off. */
function intervalsOf (cal: BusinessCalendar, day: DateTime): Array<[number, number]> {
  if (!cal.workingDays.includes(day.weekday) || (cal.holidays ?? []).includes(day.toISODate() ?? '')) return []
  const at = (hhmm: string): number => hhmm === '24:00'
    ? day.plus({ days: 1 }).startOf('day').toMillis()
    // A local time skipped by a DST change is moved forward by Luxon, which is when work starts.
    : day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)), second: 0, millisecond: 0 }).toMillis()
  return [...cal.workingHours].sort((a, b) => a.start.localeCompare(b.start)).map((h) => [at(h.start), at(h.end)] as [number, number])
}

/**
 * Working milliseconds between two instants (0 when `to` is not after `from`). Without a
 * calendar, wall-clock milliseconds.
 */
export function workingMs (cal: BusinessCalendar | undefined, from: Date, to: Date): number {
  const a = from.getTime()
  const b = to.getTime()
  if (b <= a) return 0
  if (cal === undefined) return b - a
  let total = 0
  let day = DateTime.fromMillis(a, { zone: cal.timeZone }).startOf('day')
  for (let i = 0; i <= MAX_DAYS && day.toMillis() < b; i++, day = day.plus({ days: 1 })) {
    for (const [s, e] of intervalsOf(cal, day)) total += Math.max(0, Math.min(e, b) - Math.max(s, a))
  }
  return total
}

/**
 * The instant at which `ms` working milliseconds have passed since `from` (`from` itself for 0).
 * Without a calendar, `from + ms`. Throws when the calendar has no working time within three years.
 */
export function addWorkingMs (cal: BusinessCalendar | undefined, from: Date, ms: number): Date {
  if (cal === undefined) return new Date(from.getTime() + Math.max(0, ms))
  let left = Math.max(0, ms)
  const a = from.getTime()
  let day = DateTime.fromMillis(a, { zone: cal.timeZone }).startOf('day')
  for (let i = 0; i <= MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    for (const [s, e] of intervalsOf(cal, day)) {
      const start = Math.max(s, a)
      if (e <= start) continue
      if (left <= e - start) return new Date(start + left)
      left -= e - start
    }
  }
  throw new Error(`calendar ${cal.timeZone}: no working time within ${MAX_DAYS} days`)
}
