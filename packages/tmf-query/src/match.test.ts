import t from 'tap'
import { matchesConditions } from './match.ts'
import type { Comparison as Condition } from './types.ts'

const c = (path: string, op: Condition['op'], ...values: Condition['values']): Condition => ({ path: path.split('.'), op, values, type: 'unknown' })

t.test('no conditions match everything', async (t) => {
  t.ok(matchesConditions({}, []))
  t.ok(matchesConditions(null, []))
})

t.test('dot paths reach into arrays like lax jsonpath', async (t) => {
  const doc = { relatedParty: [{ role: 'customer', partyOrPartyRole: { id: 'c1' } }, { role: 'partner', partyOrPartyRole: { id: 'p1' } }] }
  t.ok(matchesConditions(doc, [c('relatedParty.partyOrPartyRole.id', 'eq', 'p1')]))
  t.ok(matchesConditions(doc, [c('relatedParty.role', 'eq', 'x', 'customer')]), 'values are OR-ed')
  t.notOk(matchesConditions(doc, [c('relatedParty.partyOrPartyRole.id', 'eq', 'c2')]))
  t.ok(matchesConditions(doc, [c('relatedParty.role', 'eq', 'partner'), c('relatedParty.partyOrPartyRole.id', 'eq', 'c1')]), 'AND is per condition, not per array element')
  t.ok(matchesConditions({ a: { b: 1 } }, [c('a.b', 'eq', 1)]), 'a plain object')
  t.ok(matchesConditions({ a: [1, 2, 3] }, [c('a', 'gt', 2)]), 'an array of scalars')
  t.ok(matchesConditions({ a: [[1]] }, [c('a', 'eq', 1)]), 'the filter and the comparison each unwrap once')
  t.notOk(matchesConditions({ a: [[[1]]] }, [c('a', 'eq', 1)]), 'but no deeper')
  t.notOk(matchesConditions({ a: [[{ b: 1 }]] }, [c('a.b', 'eq', 1)]), 'a member accessor unwraps one level only')
  t.ok(matchesConditions({ a: [{ b: [[1]] }] }, [c('a.b', 'eq', 1)]))
  t.ok(matchesConditions([{ a: 1 }], [c('a', 'eq', 1)]), 'even the root')
  t.notOk(matchesConditions({ a: { b: 1 } }, [c('a', 'eq', 1)]), 'an object never equals a scalar')
})

t.test('comparisons as PostgreSQL makes them', async (t) => {
  t.ok(matchesConditions({ n: 10 }, [c('n', 'gt', 9)]), 'numbers numerically')
  t.notOk(matchesConditions({ n: '10' }, [c('n', 'gt', '9')]), 'strings as text')
  t.notOk(matchesConditions({ n: 2 }, [c('n', 'eq', '2')]), 'no implicit conversion')
  t.ok(matchesConditions({ n: 2 }, [c('n', 'eq', '2', 2)]), 'which is why untyped values carry both forms')
  t.ok(matchesConditions({ s: '😀' }, [c('s', 'gt', '\uFFFD')]), 'strings by code point, not UTF-16 unit')
  t.ok(matchesConditions({ s: 'B' }, [c('s', 'lt', 'a')]), 'not by locale')
  t.ok(matchesConditions({ b: true }, [c('b', 'gt', false)]), 'false < true')
  t.notOk(matchesConditions({ z: null }, [c('z', 'eq', 'null')]))
  t.notOk(matchesConditions({ z: null }, [c('z', 'lt', 1)]))
  t.ok(matchesConditions({ d: '2024-01-02T00:00:00.000Z' }, [c('d', 'gte', '2024-01-01T00:00:00.000Z')]), 'normalised dates order as text')
})

t.test('ne: present and different from every value', async (t) => {
  t.ok(matchesConditions({ s: 'a' }, [c('s', 'ne', 'b', 'c')]))
  t.notOk(matchesConditions({ s: 'b' }, [c('s', 'ne', 'b', 'c')]))
  t.notOk(matchesConditions({}, [c('s', 'ne', 'b')]), 'missing never matches')
  t.ok(matchesConditions({ s: null }, [c('s', 'ne', 'b')]), 'null is present')
  t.ok(matchesConditions({ s: [] }, [c('s', 'ne', 'b')]), 'an empty array is present')
  t.notOk(matchesConditions({ s: [] }, [c('s.t', 'ne', 'b')]), 'but has no members')
  t.notOk(matchesConditions({ s: ['a', 'b'] }, [c('s', 'ne', 'b')]), 'no element may equal')
  t.ok(matchesConditions({ s: 'a' }, [c('s', 'ne')]), 'with no values it only needs the attribute')
  t.notOk(matchesConditions({ s: 'a' }, [c('s', 'eq')]), 'and eq with no values matches nothing')
})

t.test('documents are seen as their JSON form', async (t) => {
  t.ok(matchesConditions({ d: new Date('2024-01-01T00:00:00Z') }, [c('d', 'eq', '2024-01-01T00:00:00.000Z')]), 'toJSON is applied')
  t.ok(matchesConditions({ n: Number.NaN }, [c('n', 'ne', 1)]), 'NaN is null')
  t.notOk(matchesConditions({ u: undefined }, [c('u', 'ne', 1)]), 'undefined is absent')
  t.ok(matchesConditions({ a: [undefined] }, [c('a', 'ne', 1)]), 'an undefined element is null')
  t.notOk(matchesConditions(Object.create({ inherited: 1 }) as object, [c('inherited', 'eq', 1)]), 'own attributes only')
})
