import t from 'tap'
import { deepEqual, isJsonObject } from './json-value.ts'

t.test('deepEqual follows JSON structure', async t => {
  t.ok(deepEqual(1, 1))
  t.ok(deepEqual('a', 'a'))
  t.ok(deepEqual(null, null))
  t.ok(deepEqual([], []))
  t.ok(deepEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] }))
  t.ok(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 }))
  t.ok(deepEqual({ a: 1, u: undefined }, { a: 1 }))
  t.ok(deepEqual(new Date(5), new Date(5)))
  t.notOk(deepEqual(1, '1'))
  t.notOk(deepEqual(null, {}))
  t.notOk(deepEqual([], {}))
  t.notOk(deepEqual({}, []))
  t.notOk(deepEqual([1, 2], [2, 1]))
  t.notOk(deepEqual([1], [1, 1]))
  t.notOk(deepEqual({ a: 1 }, { a: 1, b: 2 }))
  t.notOk(deepEqual({ a: 1, b: undefined }, { a: 1, c: 2 }))
  t.notOk(deepEqual(new Date(5), new Date(6)))
  t.notOk(deepEqual(new Date(5), {}))
  t.notOk(deepEqual({ toString: 1 }, {}))
})

t.test('isJsonObject accepts objects only', async t => {
  t.ok(isJsonObject({}))
  t.notOk(isJsonObject([]))
  t.notOk(isJsonObject(null))
  t.notOk(isJsonObject('x'))
})
