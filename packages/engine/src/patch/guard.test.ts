import t from 'tap'
import { applyPatch } from './index.ts'
import { MAX_BODY_DEPTH } from './guard.ts'

const badRequest = { statusCode: 400, code: 'ERR400' }
const KINDS = ['merge', 'json-patch', 'json-patch-query'] as const

t.test('forbidden keys anywhere in a merge body are a 400', async t => {
  for (const body of [
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"a": {"b": [{"__proto__": {"polluted": true}}]}}'),
    { constructor: { prototype: { polluted: true } } },
    { a: { prototype: 1 } }
  ]) {
    t.throws(() => applyPatch({}, body, 'merge'), badRequest, JSON.stringify(body))
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

t.test('forbidden keys in JSON Patch values, paths and from are a 400', async t => {
  for (const kind of ['json-patch', 'json-patch-query'] as const) {
    for (const operation of [
      { op: 'add', path: '/__proto__/polluted', value: true },
      { op: 'add', path: '/a/constructor/prototype/polluted', value: true },
      { op: 'add', path: '/prototype', value: 1 },
      { op: 'add', path: '/a', value: JSON.parse('{"__proto__": {"polluted": true}}') },
      { op: 'copy', from: '/__proto__', path: '/x' },
      { op: 'move', from: '/constructor', path: '/x' }
    ]) {
      t.throws(() => applyPatch({ a: {} }, [operation], kind), badRequest, `${kind} ${JSON.stringify(operation)}`)
    }
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

t.test('forbidden keys in query attributes and JSONPath are a 400', async t => {
  for (const path of ['/a?__proto__=x', '/a?b.constructor=x', '$.a[?(@.prototype==1)]', '$.__proto__.x', '$[\'constructor\']']) {
    t.throws(() => applyPatch({ a: [] }, [{ op: 'remove', path }], 'json-patch-query'), badRequest, path)
  }
})

t.test('a forbidden word as a value is fine', async t => {
  t.same(applyPatch({}, { name: '__proto__' }, 'merge'), { name: '__proto__' })
  t.same(applyPatch({ a: [{ k: 'constructor' }] }, [{ op: 'remove', path: '/a?k=constructor' }], 'json-patch-query'), { a: [] })
})

t.test('bodies nested beyond the depth limit are a 400 for every kind', async t => {
  let deep: unknown = 1
  for (let i = 0; i < MAX_BODY_DEPTH + 5; i++) deep = { d: deep }
  const bodies = { merge: deep, 'json-patch': [{ op: 'add', path: '/x', value: deep }], 'json-patch-query': [{ op: 'add', path: '/x', value: deep }] }
  for (const kind of KINDS) t.throws(() => applyPatch({}, bodies[kind], kind), badRequest, kind)

  let fine: unknown = 1
  for (let i = 0; i < 50; i++) fine = { d: fine }
  t.ok(applyPatch({}, { x: fine }, 'merge'))
})

t.test('an unknown kind from an untyped caller is a 415', async t => {
  t.throws(() => applyPatch({}, {}, 'xml' as never), { statusCode: 415, code: 'ERR415' })
})
