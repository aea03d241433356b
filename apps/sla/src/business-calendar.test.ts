import t from 'tap'
import { addWorkingMs, calendarProblems, workingMs, type BusinessCalendar } from './business-calendar.ts'
import { allowedMs, clockSpan } from './sla-rule.ts'

const H = 3_600_000
const paris: BusinessCalendar = { timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5], workingHours: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }], holidays: ['2026-04-06'] }
const at = (iso: string): Date => new Date(iso)

t.test('a deadline crossing a weekend counts only working hours', async (t) => {
  // Friday 2026-03-13 16:00 Paris (15:00Z) + 8 working hours: 2 h on Friday, then Monday 09:00–12:00, 13:00–16:00.
  t.equal(addWorkingMs(paris, at('2026-03-13T15:00:00Z'), 8 * H).toISOString(), '2026-03-16T15:00:00.000Z')
  t.equal(workingMs(paris, at('2026-03-13T15:00:00Z'), at('2026-03-16T15:00:00Z')), 8 * H)
  t.equal(workingMs(paris, at('2026-03-14T08:00:00Z'), at('2026-03-15T20:00:00Z')), 0, 'a weekend is not worked')
  t.equal(workingMs(paris, at('2026-03-16T11:00:00Z'), at('2026-03-16T12:30:00Z')), 30 * 60_000, 'the lunch break does not count')
})

t.test('a holiday is skipped', async (t) => {
  // Easter Monday 2026-04-06 is a holiday: Friday 04-03 17:00 (+2 h, CEST = UTC+2) + 3 h → Tuesday 04-07 11:00 local.
  t.equal(addWorkingMs(paris, at('2026-04-03T15:00:00Z'), 3 * H).toISOString(), '2026-04-07T09:00:00.000Z')
})

t.test('a deadline across a DST change keeps local working hours', async (t) => {
  // Friday 2026-03-27 17:00 CET (16:00Z); the clocks go forward on Sunday 03-29. 4 working hours:
  // 1 h on Friday, then Monday 09:00–12:00 CEST, which is 07:00–10:00Z (not 08:00–11:00Z).
  t.equal(addWorkingMs(paris, at('2026-03-27T16:00:00Z'), 4 * H).toISOString(), '2026-03-30T10:00:00.000Z')
  // A round-the-clock calendar: the night of the change has 23 hours.
  const always: BusinessCalendar = { timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5, 6, 7], workingHours: [{ start: '00:00', end: '24:00' }] }
  t.equal(workingMs(always, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z')), 23 * H, 'a 23-hour local day')
  // Working hours inside the skipped hour (02:00–03:00 does not exist that night).
  const night: BusinessCalendar = { timeZone: 'Europe/Paris', workingDays: [7], workingHours: [{ start: '01:00', end: '04:00' }] }
  t.equal(workingMs(night, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z')), 2 * H, '01:00–04:00 lasts 2 h that night')
})

t.test('without a calendar, wall-clock time', async (t) => {
  t.equal(addWorkingMs(undefined, at('2026-03-14T10:00:00Z'), 5 * H).toISOString(), '2026-03-14T15:00:00.000Z')
  t.equal(workingMs(undefined, at('2026-03-14T10:00:00Z'), at('2026-03-14T09:00:00Z')), 0)
})

t.test('calendar problems are named', async (t) => {
  t.same(calendarProblems(paris), [])
  const bad = calendarProblems({ timeZone: 'Mars/Olympus', workingDays: [0, 8], workingHours: [{ start: '18:00', end: '09:00' }], holidays: ['2026-02-30'] })
  t.equal(bad.length, 4)
  t.match(bad.join('; '), /IANA time zone/)
  t.throws(() => addWorkingMs({ timeZone: 'UTC', workingDays: [1], workingHours: [{ start: '09:00', end: '10:00' }], holidays: [] }, at('2026-01-01T00:00:00Z'), 10_000 * H), /no working time/)
})

t.test('a clock with a calendar and pauses', async (t) => {
  const span = clockSpan('timeToResolve', '2026-03-13T15:00:00Z', [
    { state: 'acknowledged', date: '2026-03-13T15:00:00Z' },
    { state: 'pending', date: '2026-03-13T16:00:00Z' },
    { state: 'inProgress', date: '2026-03-16T09:00:00Z' }
  ], { workingMs: (a, b) => workingMs(paris, a, b) })
  t.same(span, { state: 'running', usedMs: H, runningSince: '2026-03-16T09:00:00Z', stoppedAt: null }, 'one working hour on Friday, the pending spell not counted')
  t.same(allowedMs({ id: 'r', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 8, tolerance: 0.5 }), { limitMs: 8.5 * H, breachAtMs: 8.5 * H + 1 })
  t.equal(allowedMs({ id: 'r', metric: 'timeToResolve', unit: 'hours', operator: '.ge', referenceValue: 8 }), undefined, 'a lower bound is no deadline')
})
