import t from 'tap'
import { applyPatch } from './index.ts'

const order = (): Record<string, unknown> => ({
  id: 'o1',
  state: 'acknowledged',
  note: [{ id: 'n1', text: 'a' }, { id: 'n2', text: 'b' }, { id: 'n3', text: 'c' }],
  billingAccount: { id: 'ba1', name: 'Main' },
  'a/b': 'slash',
  'm~n': 'tilde',
  '': 'empty key'
})

const patch = (body: unknown, doc = order()): Record<string, unknown> => applyPatch(doc, body, 'json-patch')

t.test('add', async t => {
  t.test('creates a new member', async t => {
    t.equal(patch([{ op: 'add', path: '/priority', value: 1 }]).priority, 1)
  })
  t.test('replaces an existing member', async t => {
    t.equal(patch([{ op: 'add', path: '/state', value: 'inProgress' }]).state, 'inProgress')
  })
  t.test('inserts into an array before the index', async t => {
    const result = patch([{ op: 'add', path: '/note/1', value: { id: 'x' } }])
    t.same((result.note as Array<{ id: string }>).map(n => n.id), ['n1', 'x', 'n2', 'n3'])
  })
  t.test('index equal to the length appends', async t => {
    const result = patch([{ op: 'add', path: '/note/3', value: { id: 'x' } }])
    t.same((result.note as Array<{ id: string }>).map(n => n.id), ['n1', 'n2', 'n3', 'x'])
  })
  t.test('- appends to an array', async t => {
    const result = patch([{ op: 'add', path: '/note/-', value: { id: 'x' } }, { op: 'add', path: '/note/-', value: { id: 'y' } }])
    t.same((result.note as Array<{ id: string }>).map(n => n.id), ['n1', 'n2', 'n3', 'x', 'y'])
  })
  t.test('null is a value to add', async t => {
    const result = patch([{ op: 'add', path: '/billingAccount/name', value: null }])
    t.same(result.billingAccount, { id: 'ba1', name: null })
  })
  t.test('creates nested members in an existing object', async t => {
    const result = patch([{ op: 'add', path: '/billingAccount/@referredType', value: 'BillingAccount' }])
    t.same(result.billingAccount, { id: 'ba1', name: 'Main', '@referredType': 'BillingAccount' })
  })
})

t.test('remove', async t => {
  t.test('deletes a member', async t => {
    t.notOk('state' in patch([{ op: 'remove', path: '/state' }]))
  })
  t.test('deletes an array element and shifts the rest', async t => {
    const result = patch([{ op: 'remove', path: '/note/0' }])
    t.same((result.note as Array<{ id: string }>).map(n => n.id), ['n2', 'n3'])
  })
  t.test('deletes a nested member', async t => {
    t.same(patch([{ op: 'remove', path: '/billingAccount/name' }]).billingAccount, { id: 'ba1' })
  })
})

t.test('replace', async t => {
  t.test('a member', async t => {
    t.equal(patch([{ op: 'replace', path: '/state', value: 'held' }]).state, 'held')
  })
  t.test('an array element in place', async t => {
    const result = patch([{ op: 'replace', path: '/note/2', value: { id: 'z' } }])
    t.same((result.note as Array<{ id: string }>).map(n => n.id), ['n1', 'n2', 'z'])
  })
  t.test('an object by a scalar', async t => {
    t.equal(patch([{ op: 'replace', path: '/billingAccount', value: 'none' }]).billingAccount, 'none')
  })
})

t.test('move', async t => {
  t.test('renames a member', async t => {
    const result = patch([{ op: 'move', from: '/state', path: '/status' }])
    t.notOk('state' in result)
    t.equal(result.status, 'acknowledged')
  })
  t.test('reorders an array, reading path after the removal', async t => {
    const result = patch([{ op: 'move', from: '/note/0', path: '/note/2' }])
    t.same((result.note as Array<{ id: string }>).map(n => n.id), ['n2', 'n3', 'n1'])
  })
  t.test('into another container', async t => {
    const result = patch([{ op: 'move', from: '/billingAccount/name', path: '/note/0/author' }])
    t.same(result.billingAccount, { id: 'ba1' })
    t.same((result.note as unknown[])[0], { id: 'n1', text: 'a', author: 'Main' })
  })
  t.test('onto itself is a no-op', async t => {
    t.same(patch([{ op: 'move', from: '/billingAccount', path: '/billingAccount' }]), order())
  })
  t.test('into its own child is a 400', async t => {
    t.throws(() => patch([{ op: 'move', from: '/billingAccount', path: '/billingAccount/inner' }]), { statusCode: 400, code: 'ERR400' })
  })
})

t.test('copy', async t => {
  t.test('duplicates a value, deeply', async t => {
    const result = patch([
      { op: 'copy', from: '/billingAccount', path: '/previousAccount' },
      { op: 'replace', path: '/previousAccount/name', value: 'Old' }
    ])
    t.same(result.billingAccount, { id: 'ba1', name: 'Main' })
    t.same(result.previousAccount, { id: 'ba1', name: 'Old' })
  })
  t.test('into an array', async t => {
    const result = patch([{ op: 'copy', from: '/note/0', path: '/note/-' }])
    t.same((result.note as Array<{ id: string }>).map(n => n.id), ['n1', 'n2', 'n3', 'n1'])
  })
  t.test('the whole document into a member', async t => {
    const result = patch([{ op: 'copy', from: '', path: '/snapshot' }], { a: 1 })
    t.same(result, { a: 1, snapshot: { a: 1 } })
  })
})

t.test('test', async t => {
  t.test('passes on deep equality regardless of key order', async t => {
    const result = patch([
      { op: 'test', path: '/billingAccount', value: { name: 'Main', id: 'ba1' } },
      { op: 'test', path: '/note/1/text', value: 'b' },
      { op: 'test', path: '', value: order() },
      { op: 'replace', path: '/state', value: 'held' }
    ])
    t.equal(result.state, 'held')
  })
  t.test('a null value is tested for', async t => {
    t.ok(patch([{ op: 'test', path: '/x', value: null }], { x: null }))
  })
  t.test('fails with 409 ERR409 naming the path', async t => {
    const err = t.throws(() => patch([{ op: 'test', path: '/note/1/text', value: 'B' }]), { statusCode: 409, code: 'ERR409' }) as Error
    t.match(err.message, '/note/1/text')
  })
  t.test('arrays must match in order; numbers and strings differ', async t => {
    t.throws(() => patch([{ op: 'test', path: '/a', value: [2, 1] }], { a: [1, 2] }), { statusCode: 409, code: 'ERR409' })
    t.throws(() => patch([{ op: 'test', path: '/a', value: '1' }], { a: 1 }), { statusCode: 409, code: 'ERR409' })
    t.throws(() => patch([{ op: 'test', path: '/a', value: { b: 1 } }], { a: { b: 1, c: 2 } }), { statusCode: 409, code: 'ERR409' })
  })
})

t.test('JSON Pointer escaping', async t => {
  t.test('~1 is /, ~0 is ~', async t => {
    const result = patch([
      { op: 'replace', path: '/a~1b', value: 'S' },
      { op: 'replace', path: '/m~0n', value: 'T' }
    ])
    t.equal(result['a/b'], 'S')
    t.equal(result['m~n'], 'T')
  })
  t.test('~01 decodes to ~1, not to /', async t => {
    t.same(patch([{ op: 'add', path: '/~01', value: 1 }], {}), { '~1': 1 })
  })
  t.test('an empty token is the empty key', async t => {
    t.equal(patch([{ op: 'replace', path: '/', value: 'E' }])[''], 'E')
  })
  t.test('invalid escapes are a 400', async t => {
    for (const path of ['/a~2', '/a~', '/~x']) {
      t.throws(() => patch([{ op: 'add', path, value: 1 }]), { statusCode: 400, code: 'ERR400' }, path)
    }
  })
  t.test('in json-patch, ? is an ordinary character', async t => {
    t.same(patch([{ op: 'add', path: '/note?id=n1', value: 1 }], {}), { 'note?id=n1': 1 })
  })
})

t.test('operations apply in order, each seeing the previous result', async t => {
  const result = patch([
    { op: 'add', path: '/list', value: [] },
    { op: 'add', path: '/list/-', value: 'a' },
    { op: 'add', path: '/list/0', value: 'b' },
    { op: 'copy', from: '/list', path: '/copy' },
    { op: 'remove', path: '/list/1' },
    { op: 'test', path: '/copy', value: ['b', 'a'] }
  ], {})
  t.same(result, { list: ['b'], copy: ['b', 'a'] })
})

t.test('an empty operation list returns an equal copy', async t => {
  const doc = order()
  const result = patch([], doc)
  t.same(result, doc)
  t.not(result, doc)
})

t.test('unknown members of an operation are ignored', async t => {
  t.equal(patch([{ op: 'replace', path: '/state', value: 'held', extra: true, from: 7 }]).state, 'held')
})
