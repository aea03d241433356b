import t from 'tap'
import { coerceValues } from './coerce.ts'

t.test('typed values', async (t) => {
  t.same(coerceValues(['a', 'b', 'a'], 'string', 'eq', 'k'), ['a', 'b'], 'strings stay strings, duplicates go')
  t.same(coerceValues(['2', '1.5', '-3', '+4', '.5', '1e3'], 'number', 'gt', 'k'), [2, 1.5, -3, 4, 0.5, 1000])
  t.same(coerceValues(['7', '2.5'], 'integer', 'eq', 'k'), [7, 2.5])
  t.same(coerceValues(['true', 'false'], 'boolean', 'eq', 'k'), [true, false])
  t.same(coerceValues(['2024-01-01', '2024-01-01T01:00:00+01:00'], 'date-time', 'gte', 'k'), ['2024-01-01T00:00:00.000Z'])
})

t.test('untyped values also try the number, boolean or date they spell', async (t) => {
  t.same(coerceValues(['2'], 'unknown', 'eq', 'k'), ['2', 2])
  t.same(coerceValues(['-1.5e2'], 'unknown', 'lt', 'k'), ['-1.5e2', -150])
  t.same(coerceValues(['007', '1.', '0x10'], 'unknown', 'eq', 'k'), ['007', '1.', '0x10'], 'only JSON-shaped numbers')
  t.same(coerceValues(['true'], 'unknown', 'eq', 'k'), ['true', true])
  t.same(coerceValues(['abc', ''], 'unknown', 'eq', 'k'), ['abc', ''])
  t.same(coerceValues(['2024-01-01'], 'unknown', 'eq', 'k'), ['2024-01-01', '2024-01-01T00:00:00.000Z'])
  t.same(coerceValues(['2024-01-01'], 'unknown', 'gte', 'k'), ['2024-01-01', '2024-01-01T00:00:00.000Z'], 'a plain date may be a format: date attribute')
  t.same(coerceValues(['2024-01-01T10:00:00Z'], 'unknown', 'eq', 'k'), ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00.000Z'])
  t.same(coerceValues(['2024-01-01T10:00:00+02:00'], 'unknown', 'lt', 'k'), ['2024-01-01T08:00:00.000Z'], 'ordering compares a timestamp as a date only')
  t.same(coerceValues(['2024-01-01T08:00:00.000Z'], 'unknown', 'gt', 'k'), ['2024-01-01T08:00:00.000Z'])
})

t.test('values that do not fit the type are 400s', async (t) => {
  const bad = (raw: string, type: Parameters<typeof coerceValues>[1], message: RegExp): void => {
    t.throws(() => coerceValues([raw], type, 'eq', 'attr'), { statusCode: 400, message }, `${type} ${JSON.stringify(raw)}`)
  }
  bad('abc', 'number', /expects a number/)
  bad('', 'number', /expects a number/)
  bad('1e999', 'number', /expects a number/)
  bad('0x10', 'integer', /expects a number/)
  bad('Infinity', 'number', /expects a number/)
  bad('yes', 'boolean', /expects true or false/)
  bad('TRUE', 'boolean', /expects true or false/)
  bad('yesterday', 'date-time', /expects a date-time/)
  bad('2024-02-30', 'date-time', /expects a date-time/)
  bad('x', 'object', /structured attribute/)
  bad('a\u0000b', 'string', /unsupported character/)
  bad('\uD800', 'unknown', /unsupported character/)
  t.same(coerceValues(['😀'], 'string', 'eq', 'k'), ['😀'], 'a proper surrogate pair is fine')
})
