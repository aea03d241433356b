import t from 'tap'
import { applyPatch } from './index.ts'

const doc = (): Record<string, unknown> => ({
  id: 't1',
  name: 'x',
  note: [{ id: 'n1' }, { id: 'n2' }],
  channel: { id: 'web' }
})

const patch = (body: unknown, target = doc()): Record<string, unknown> => applyPatch(target, body, 'json-patch')
const badRequest = { statusCode: 400, code: 'ERR400' }
const conflict = { statusCode: 409, code: 'ERR409' }

t.test('a malformed body is a 400', async t => {
  for (const body of [{ op: 'add', path: '/a', value: 1 }, 'x', null, 1]) {
    t.throws(() => patch(body), badRequest, JSON.stringify(body))
  }
})

t.test('a malformed operation is a 400 naming its position', async t => {
  const cases: unknown[] = [
    null,
    [],
    'add',
    { path: '/a', value: 1 },
    { op: 'ADD', path: '/a', value: 1 },
    { op: 'merge', path: '/a', value: 1 },
    { op: 'add', value: 1 },
    { op: 'add', path: 7, value: 1 },
    { op: 'add', path: '/a' },
    { op: 'replace', path: '/name' },
    { op: 'test', path: '/name' },
    { op: 'move', path: '/a' },
    { op: 'copy', path: '/a', from: 3 }
  ]
  for (const operation of cases) {
    const err = t.throws(() => patch([{ op: 'test', path: '/id', value: 't1' }, operation]), badRequest, JSON.stringify(operation)) as Error
    t.match(err.message, /^Operation 1: /)
  }
})

t.test('a malformed pointer is a 400', async t => {
  for (const path of ['name', 'name/x', '/a~2b', '#/name']) {
    t.throws(() => patch([{ op: 'add', path, value: 1 }]), badRequest, path)
  }
  t.throws(() => patch([{ op: 'copy', from: 'name', path: '/b' }]), badRequest, 'from')
})

t.test('an array token that is not an index is a 400', async t => {
  for (const path of ['/note/01', '/note/-1', '/note/1.0', '/note/x', '/note/ 1']) {
    t.throws(() => patch([{ op: 'replace', path, value: 1 }]), badRequest, path)
  }
  t.throws(() => patch([{ op: 'add', path: '/note/01', value: 1 }]), badRequest, 'add')
})

t.test('the whole resource cannot be replaced, removed or moved', async t => {
  for (const operation of [
    { op: 'replace', path: '', value: {} },
    { op: 'add', path: '', value: {} },
    { op: 'remove', path: '' },
    { op: 'move', from: '/channel', path: '' }
  ]) {
    t.throws(() => patch([operation]), badRequest, operation.op)
  }
  t.throws(() => patch([{ op: 'move', from: '', path: '/inner' }]), badRequest, 'move root into a child')
})

t.test('a target that does not exist is a 409', async t => {
  const cases = [
    { op: 'remove', path: '/missing' },
    { op: 'replace', path: '/missing', value: 1 },
    { op: 'test', path: '/missing', value: 1 },
    { op: 'move', from: '/missing', path: '/b' },
    { op: 'copy', from: '/missing', path: '/b' },
    { op: 'add', path: '/missing/child', value: 1 },
    { op: 'add', path: '/name/child', value: 1 },
    { op: 'replace', path: '/channel/missing/x', value: 1 },
    { op: 'remove', path: '/note/-' },
    { op: 'replace', path: '/note/-', value: 1 },
    { op: 'remove', path: '/toString' },
    { op: 'test', path: '/channel/hasOwnProperty', value: 1 }
  ]
  for (const operation of cases) t.throws(() => patch([operation]), conflict, JSON.stringify(operation))
})

t.test('an index out of range is a 409', async t => {
  t.throws(() => patch([{ op: 'add', path: '/note/3', value: 1 }]), conflict, 'add beyond length')
  t.throws(() => patch([{ op: 'remove', path: '/note/2' }]), conflict, 'remove at length')
  t.throws(() => patch([{ op: 'replace', path: '/note/9', value: 1 }]), conflict, 'replace')
  t.throws(() => patch([{ op: 'test', path: '/note/2/id', value: 1 }]), conflict, 'test through')
  t.throws(() => patch([{ op: 'copy', from: '/note/5', path: '/x' }]), conflict, 'copy from')
  t.throws(() => patch([{ op: 'move', from: '/note/0', path: '/note/2' }]), conflict, 'move past the end after removal')
})

t.test('a patch is atomic: a failing operation leaves nothing applied', async t => {
  const original = doc()
  const before = structuredClone(original)
  t.throws(() => patch([
    { op: 'replace', path: '/name', value: 'changed' },
    { op: 'add', path: '/note/-', value: { id: 'n3' } },
    { op: 'remove', path: '/channel/id' },
    { op: 'test', path: '/name', value: 'x' }
  ], original), conflict)
  t.same(original, before, 'the document is untouched after a failing test')

  t.throws(() => patch([
    { op: 'remove', path: '/note/0' },
    { op: 'remove', path: '/note/5' }
  ], original), conflict)
  t.same(original, before, 'the document is untouched after a 409')

  t.throws(() => patch([
    { op: 'remove', path: '/name' },
    { op: 'bogus', path: '/x' }
  ], original), badRequest)
  t.same(original, before, 'the document is untouched after a 400')
})

t.test('a successful patch does not mutate the document', async t => {
  const original = doc()
  const result = patch([{ op: 'replace', path: '/channel/id', value: 'shop' }, { op: 'remove', path: '/note/0' }], original)
  t.same(original, doc())
  t.same(result.channel, { id: 'shop' })
  t.not(result.note, original.note)
})

t.test('values are copied, never aliased to the body', async t => {
  const value = { nested: { n: 1 } }
  const result = patch([{ op: 'add', path: '/a', value }, { op: 'add', path: '/b', value }], {})
  value.nested.n = 2
  t.same(result, { a: { nested: { n: 1 } }, b: { nested: { n: 1 } } })
  t.not(result.a, result.b)
})

t.test('at most 1000 operations', async t => {
  const ops = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ op: 'add', path: `/k${i}`, value: i }))
  t.equal(Object.keys(patch(ops(1000), {})).length, 1000)
  const err = t.throws(() => patch(ops(1001), {}), badRequest) as Error
  t.match(err.message, '1000')
  t.throws(() => applyPatch({}, ops(1001), 'json-patch-query'), badRequest, 'json-patch-query too')
})
