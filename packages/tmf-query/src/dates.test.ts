import t from 'tap'
import { isDateOnly, normaliseDateTime } from './dates.ts'

t.test('RFC 3339 and plain dates normalise to UTC ISO', async (t) => {
  const cases: Array<[string, string]> = [
    ['2024-01-01', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00.000Z'],
    ['2024-01-01t10:00:00z', '2024-01-01T10:00:00.000Z'],
    ['2024-01-01 10:00:00Z', '2024-01-01T10:00:00.000Z'],
    ['2024-01-01T10:00:00.5Z', '2024-01-01T10:00:00.500Z'],
    ['2024-01-01T10:00:00.123456789Z', '2024-01-01T10:00:00.123Z'],
    ['2024-01-01T01:00:00+01:00', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T01:00:00+0100', '2024-01-01T00:00:00.000Z'],
    ['2023-12-31T20:00:00-05:30', '2024-01-01T01:30:00.000Z'],
    ['2024-01-01T10:00', '2024-01-01T10:00:00.000Z'],
    ['2024-01-01T10:00:00', '2024-01-01T10:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z']
  ]
  for (const [raw, iso] of cases) t.equal(normaliseDateTime(raw), iso, raw)
})

t.test('anything else is not a date', async (t) => {
  for (const raw of ['', '2', '2024', '2024-1-1', '2023-02-29', '2024-13-01', '2024-04-31', '2024-00-10', '2024-01-01T24:00:00Z',
    '2024-01-01T10:60:00Z', '2024-01-01T10:00:60Z', '2024-01-01T10:00:00+25:00', 'Mon, 01 Jan 2024', '2024-01-01T10Z', 'now']) {
    t.equal(normaliseDateTime(raw), undefined, JSON.stringify(raw))
  }
})

t.test('date-only detection', async (t) => {
  t.ok(isDateOnly('2024-01-01'))
  t.notOk(isDateOnly('2024-01-01T00:00:00Z'))
})
