import t from 'tap'
import { parseListQuery } from './list-query.ts'
import type { ListQueryOptions, PathInfo } from './types.ts'
import { ticketQueryOptions } from './testing/ticket-fixtures.ts'

const plain: ListQueryOptions = { defaultLimit: 20, maxLimit: 100 }

const badRequest = (message: RegExp): { statusCode: number, code: string, message: RegExp } => ({ statusCode: 400, code: 'ERR400', message })

t.test('an empty query: no filter, default paging, whole documents', async (t) => {
  t.same(parseListQuery({}, plain), { conditions: [], sort: [], fields: undefined, offset: 0, limit: 20 })
  t.same(parseListQuery({ x: undefined }, plain).conditions, [], 'an undefined value is no parameter at all')
})

t.test('offset and limit', async (t) => {
  t.same(parseListQuery({ offset: '40', limit: '10' }, plain), { conditions: [], sort: [], fields: undefined, offset: 40, limit: 10 })
  t.equal(parseListQuery({ limit: '0' }, plain).limit, 0, 'limit 0 counts without returning items')
  t.equal(parseListQuery({ limit: '5000' }, plain).limit, 100, 'clamped to maxLimit')
  t.equal(parseListQuery({}, { defaultLimit: 500, maxLimit: 100 }).limit, 100, 'the default is clamped too')
  for (const [name, raw] of [['offset', '-1'], ['offset', '1.5'], ['limit', 'ten'], ['limit', ''], ['limit', '1e2'], ['offset', '99999999999999999999'], ['limit', ' 5']] as Array<[string, string]>) {
    t.throws(() => parseListQuery({ [name]: raw }, plain), badRequest(/non-negative integer/), `${name}=${raw}`)
  }
  t.throws(() => parseListQuery({ limit: ['1', '2'] }, plain), badRequest(/only once/))
})

t.test('fields', async (t) => {
  t.same(parseListQuery({ fields: 'name,status' }, plain).fields, ['name', 'status'])
  t.same(parseListQuery({ fields: ' name , relatedParty.role,relatedParty.id' }, plain).fields, ['name', 'relatedParty'], 'trimmed, first segments, de-duplicated')
  t.same(parseListQuery({ fields: ['name', 'status'] }, plain).fields, ['name', 'status'], 'repeated')
  t.same(parseListQuery({ fields: 'none' }, plain).fields, [], 'none')
  t.throws(() => parseListQuery({ fields: '' }, plain), badRequest(/fields/))
  t.throws(() => parseListQuery({ fields: 'a,b c' }, plain), badRequest(/not a valid attribute path/))
})

t.test('sort', async (t) => {
  t.same(parseListQuery({ sort: '-creationDate,name' }, plain).sort, [
    { path: ['creationDate'], descending: true },
    { path: ['name'], descending: false }
  ])
  t.same(parseListQuery({ sort: ['+priority', ' channel.id'] }, plain).sort, [
    { path: ['priority'], descending: false },
    { path: ['channel', 'id'], descending: false }
  ], 'repeated, with an encoded or decoded plus')
  t.same(parseListQuery({ sort: '' }, plain).sort, [])
  t.same(parseListQuery({ sort: 'channel.id,-quantity' }, ticketQueryOptions).sort, [
    { path: ['channel', 'id'], descending: false },
    { path: ['quantity'], descending: true }
  ], 'an undeclared attribute may be sorted on')
  t.throws(() => parseListQuery({ sort: 'relatedParty.role' }, ticketQueryOptions), badRequest(/through an array/))
  t.throws(() => parseListQuery({ sort: '-relatedParty.id' }, ticketQueryOptions), badRequest(/through an array/), 'checked after mapPath')
  t.throws(() => parseListQuery({ sort: 'tags' }, ticketQueryOptions), badRequest(/through an array/), 'an array value itself')
  t.throws(() => parseListQuery({ sort: '-' }, plain), badRequest(/not a valid attribute path/))
  t.throws(() => parseListQuery({ sort: 'a;drop' }, plain), badRequest(/not a valid attribute path/))
  t.throws(() => parseListQuery({ sort: 'a,b,c,d,e,f,g,h,i,j,k' }, plain), badRequest(/at most 10 sort keys/))
  t.throws(() => parseListQuery({ sort: 'a' }, { ...plain, mapPath: () => [] }), badRequest(/does not name an attribute/))
})

t.test('TMF v5 cursors are 501 Not Implemented', async (t) => {
  for (const name of ['before', 'after']) {
    t.throws(() => parseListQuery({ [name]: 'x' }, plain), { statusCode: 501, code: 'ERR501', reason: 'Not Implemented', message: /not supported/ }, name)
  }
})

t.test('every other parameter is a filter', async (t) => {
  const q = parseListQuery({ status: 'a,b;c', 'priority.gte': '2', 'name!': 'x', 'x<3': '' }, plain)
  t.same(q.conditions, [
    { path: ['status'], op: 'eq', values: ['a', 'b', 'c'], type: 'unknown' },
    { path: ['priority'], op: 'gte', values: ['2', 2], type: 'unknown' },
    { path: ['name'], op: 'ne', values: ['x'], type: 'unknown' },
    { path: ['x'], op: 'lt', values: ['3', 3], type: 'unknown' }
  ])
  t.same(parseListQuery({ status: ['a', 'b'] }, plain).conditions, [{ path: ['status'], op: 'eq', values: ['a', 'b'], type: 'unknown' }], 'a repeated key is OR')
  t.same(parseListQuery({ id: '' }, plain).conditions, [{ path: ['id'], op: 'eq', values: [''], type: 'unknown' }], 'an empty value is the empty string')
  t.same(parseListQuery({ n: 5, b: true } as Record<string, unknown>, plain).conditions.map((c) => 'values' in c ? c.values : []), [['5', 5], ['true', true]], 'non-string scalars are read as text')
  t.throws(() => parseListQuery({ a: { b: 'c' } }, plain), badRequest(/unsupported value/))
  t.throws(() => parseListQuery({ a: ['x', 1] }, plain), badRequest(/unsupported value/))
})

t.test('describe types and mapPath renames', async (t) => {
  const q = parseListQuery({
    'relatedParty.id': 'c1',
    'creationDate.gte': '2024-01-01',
    priority: '3',
    active: 'false',
    name: '2'
  }, ticketQueryOptions)
  t.same(q.conditions, [
    { path: ['relatedParty', 'partyOrPartyRole', 'id'], op: 'eq', values: ['c1'], type: 'string' },
    { path: ['creationDate'], op: 'gte', values: ['2024-01-01T00:00:00.000Z'], type: 'date-time', scalar: true },
    { path: ['priority'], op: 'eq', values: [3], type: 'number', scalar: true },
    { path: ['active'], op: 'eq', values: [false], type: 'boolean', scalar: true },
    { path: ['name'], op: 'eq', values: ['2'], type: 'string', scalar: true }
  ])
  const seen: string[][] = []
  const describe = (path: string[]): PathInfo => {
    seen.push(path)
    return { type: 'integer', throughArray: false, known: true }
  }
  parseListQuery({ 'a.b': '1' }, { ...plain, describe, mapPath: (p) => ['x', ...p] })
  t.same(seen, [['x', 'a', 'b']], 'describe sees the mapped path')
  t.throws(() => parseListQuery({ priority: 'high' }, ticketQueryOptions), badRequest(/expects a number/))
  t.throws(() => parseListQuery({ active: 'yes' }, ticketQueryOptions), badRequest(/expects true or false/))
  t.throws(() => parseListQuery({ creationDate: 'last week' }, ticketQueryOptions), badRequest(/expects a date-time/))
  t.throws(() => parseListQuery({ channel: 'web' }, ticketQueryOptions), badRequest(/structured attribute/))
  t.throws(() => parseListQuery({ a: '1' }, { ...plain, mapPath: () => [] }), badRequest(/does not name an attribute/))
})

t.test('limits on the size of a query', async (t) => {
  const thirty = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a${i}`, 'x']))
  t.equal(parseListQuery(thirty, plain).conditions.length, 30)
  t.throws(() => parseListQuery({ ...thirty, a30: 'x' }, plain), badRequest(/at most 30 filters/))
  const hundred = Array.from({ length: 100 }, (_, i) => String(i))
  t.equal(parseListQuery({ a: hundred.join(',') }, plain).conditions.map((c) => 'values' in c ? c.values.length : 0)[0], 200, '100 values, each also as a number')
  t.throws(() => parseListQuery({ a: hundred.join(','), b: 'x' }, plain), badRequest(/at most 100 filter values/))
  t.throws(() => parseListQuery({ a: [...hundred, 'x'] }, plain), badRequest(/at most 100 filter values/))
  t.throws(() => parseListQuery({ 'a.b.c.d.e.f.g.h.i.j.k': 'x' }, plain), badRequest(/more than 10 segments/))
})

t.test('; joins whole expressions into one OR (TMF630 Part 1 §4.4)', async (t) => {
  t.same(parseListQuery('status=acknowledged;severity=Critical&priority=1', ticketQueryOptions).conditions, [
    {
      anyOf: [
        { path: ['status'], op: 'eq', values: ['acknowledged'], type: 'string', scalar: true },
        { path: ['severity'], op: 'eq', values: ['Critical'], type: 'string', scalar: true }
      ]
    },
    { path: ['priority'], op: 'eq', values: [1], type: 'number', scalar: true }
  ])
  t.same(parseListQuery({ status: 'acknowledged;severity=Critical' }, ticketQueryOptions).conditions, parseListQuery('status=acknowledged;severity=Critical', ticketQueryOptions).conditions,
    'a Fastify-parsed object reads the same (its decoded value still holds the ;)')
  t.same(parseListQuery('status=a;b', plain).conditions, [{ path: ['status'], op: 'eq', values: ['a', 'b'], type: 'unknown' }], 'a segment without = is another value')
  t.same(parseListQuery('name=a%3Bb%2Cc', plain).conditions, [{ path: ['name'], op: 'eq', values: ['a;b,c'], type: 'unknown' }], 'encoded ; and , are literal')
  t.throws(() => parseListQuery('status=a;limit=5', plain), badRequest(/'limit' cannot be joined/))
  t.throws(() => parseListQuery('name=%E0%A4%A', plain), badRequest(/malformed percent-encoding/))
})

t.test('an operator the engine does not evaluate is a 400, never an empty list', async (t) => {
  for (const key of ['severity.like', 'priority.regex', 'nothing.in', 'channel.contains', 'status.isnull', 'creationDate.between']) {
    t.throws(() => parseListQuery({ [key]: 'x' }, ticketQueryOptions), { statusCode: 400, code: 'ERR400-OPERATOR', message: /nor a supported operator/ }, key)
  }
  t.throws(() => parseListQuery('status=x;severity.foo=y', ticketQueryOptions), { statusCode: 400, code: 'ERR400-OPERATOR' }, 'a member of a declared string')
  t.equal(parseListQuery({ 'channel.foo': 'x' }, ticketQueryOptions).conditions.length, 1, 'an undeclared member of an object is a plain filter')
  t.throws(() => parseListQuery({ 'extension.like': 'x' }, plain), { statusCode: 400, code: 'ERR400-OPERATOR' }, 'an undeclared path ending in an operator name is not')
  t.equal(parseListQuery({ 'extension.lik': 'x' }, plain).conditions.length, 1, 'an undeclared member of an undeclared attribute is a plain filter')
})
