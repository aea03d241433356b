import t from 'tap'
import { applyPatch, changedTopLevelKeys } from './index.ts'

t.test('reports added, removed and changed keys', async t => {
  const before = { id: '1', name: 'a', status: 'Created', gone: 1 }
  const after = { id: '1', name: 'b', status: 'Created', added: true }
  t.same(changedTopLevelKeys(before, after), ['name', 'added', 'gone'])
})

t.test('compares deeply and ignores key order', async t => {
  const before = { a: { x: 1, y: [1, { z: 2 }] }, b: [1, 2], c: { p: 1 } }
  t.same(changedTopLevelKeys(before, { c: { p: 1 }, b: [1, 2], a: { y: [1, { z: 2 }], x: 1 } }), [])
  t.same(changedTopLevelKeys(before, { ...before, a: { x: 1, y: [1, { z: 3 }] } }), ['a'])
  t.same(changedTopLevelKeys(before, { ...before, b: [2, 1] }), ['b'])
  t.same(changedTopLevelKeys(before, { ...before, c: { p: '1' } }), ['c'])
})

t.test('null is a value, undefined is absence', async t => {
  t.same(changedTopLevelKeys({ a: null }, {}), ['a'])
  t.same(changedTopLevelKeys({}, { a: null }), ['a'])
  t.same(changedTopLevelKeys({ a: undefined }, {}), [])
  t.same(changedTopLevelKeys({}, { a: undefined }), [])
})

t.test('names nothing for an empty or no-op patch', async t => {
  const doc = { id: '1', note: [{ text: 'x' }] }
  t.same(changedTopLevelKeys(doc, applyPatch(doc, {}, 'merge')), [])
  t.same(changedTopLevelKeys(doc, applyPatch(doc, { note: [{ text: 'x' }] }, 'merge')), [])
  t.same(changedTopLevelKeys(doc, applyPatch(doc, [{ op: 'replace', path: '/note/0/text', value: 'y' }], 'json-patch')), ['note'])
})

t.test('a prototype-method name is an ordinary key', async t => {
  t.same(changedTopLevelKeys({}, { toString: 'x' }), ['toString'])
  t.same(changedTopLevelKeys({ toString: 'x' }, {}), ['toString'])
})
