import t from 'tap'
import { applyPatch } from './index.ts'

const ticket = (): Record<string, unknown> => ({
  id: 't1',
  note: [
    { id: 77455, author: 'ann', text: 'one' },
    { id: 77456, author: 'bob', text: 'two' },
    { id: 77457, author: 'ann', text: 'three' }
  ],
  relatedParty: [
    { role: 'customer', partyOrPartyRole: { id: '42', name: 'Jean', '@referredType': 'Individual' } },
    { role: 'reporter', partyOrPartyRole: { id: '43', name: 'Pat' } },
    { role: 'customer', partyOrPartyRole: { id: '44', name: 'Max' } }
  ],
  characteristic: [
    { name: 'speed', valueType: 'string', value: '1G' },
    { name: 'speed', valueType: 'number', value: 1000 },
    { name: 'tags', valueType: 'array', value: ['red', 'blue'] },
    { name: 'active', valueType: 'boolean', value: true }
  ],
  productOrderItem: [
    { id: '1', action: 'add', note: [{ id: 'a' }, { id: 'b' }] },
    { id: '2', action: 'modify' },
    { id: '3', action: 'add', note: [{ id: 'b' }, { id: 'c' }] }
  ]
})

type Json = Record<string, unknown>
const query = (body: unknown, doc = ticket()): Json => applyPatch(doc, body, 'json-patch-query')
const list = (doc: Json, key: string): Json[] => doc[key] as Json[]
const conflict = { statusCode: 409, code: 'ERR409' }

t.test('single match', async t => {
  t.test('replace the selected element (TMF630 example)', async t => {
    const result = query([{ op: 'replace', path: '/note?id=77456', value: { id: 77456, text: 'new' } }])
    t.same(list(result, 'note')[1], { id: 77456, text: 'new' })
    t.equal(list(result, 'note').length, 3)
  })
  t.test('replace a member below the selected element', async t => {
    const result = query([{ op: 'replace', path: '/note?id=77456/text', value: 'changed' }])
    t.same(list(result, 'note').map(n => n.text), ['one', 'changed', 'three'])
  })
  t.test('remove the selected element', async t => {
    const result = query([{ op: 'remove', path: '/note?id=77456' }])
    t.same(list(result, 'note').map(n => n.id), [77455, 77457])
  })
  t.test('add a member inside the selected element', async t => {
    const result = query([{ op: 'add', path: '/note?id=77455/date', value: '2024-01-01' }])
    t.same(list(result, 'note')[0], { id: 77455, author: 'ann', text: 'one', date: '2024-01-01' })
  })
  t.test('test the selected element', async t => {
    t.ok(query([{ op: 'test', path: '/note?id=77456/author', value: 'bob' }]))
    const err = t.throws(() => query([{ op: 'test', path: '/note?id=77456/author', value: 'ann' }]), conflict) as Error
    t.match(err.message, '/note?id=77456/author')
  })
  t.test('numbers, booleans and strings compare as text', async t => {
    t.equal(list(query([{ op: 'remove', path: '/characteristic?value=1000' }]), 'characteristic').length, 3)
    t.equal(list(query([{ op: 'remove', path: '/characteristic?value=true' }]), 'characteristic').length, 3)
    t.equal(list(query([{ op: 'remove', path: '/note?id=77456' }]), 'note').length, 2)
  })
})

t.test('multiple matches: the op applies to every matched element', async t => {
  t.test('replace all in order', async t => {
    const result = query([{ op: 'replace', path: '/note?author=ann/text', value: 'x' }])
    t.same(list(result, 'note').map(n => n.text), ['x', 'two', 'x'])
  })
  t.test('remove all, keeping indexes valid', async t => {
    const result = query([{ op: 'remove', path: '/note?author=ann' }])
    t.same(list(result, 'note'), [{ id: 77456, author: 'bob', text: 'two' }])
  })
  t.test('add inserts before every match', async t => {
    const result = query([{ op: 'add', path: '/note?author=ann', value: { id: 0 } }])
    t.same(list(result, 'note').map(n => n.id), [0, 77455, 77456, 0, 77457])
  })
  t.test('test must hold for every match', async t => {
    t.ok(query([{ op: 'test', path: '/relatedParty?role=customer/role', value: 'customer' }]))
    t.throws(() => query([{ op: 'test', path: '/relatedParty?role=customer/partyOrPartyRole/id', value: '42' }]), conflict)
  })
  t.test('copy to every match', async t => {
    const result = query([{ op: 'copy', from: '/id', path: '/note?author=ann/ticketId' }])
    t.same(list(result, 'note').map(n => n.ticketId), ['t1', undefined, 't1'])
  })
})

t.test('selector followed by a nested path (TMF630 relatedParty example)', async t => {
  const result = query([{ op: 'replace', path: '/relatedParty?role=customer/partyOrPartyRole/name', value: 'Client' }])
  t.same(list(result, 'relatedParty').map(p => (p.partyOrPartyRole as Json).name), ['Client', 'Pat', 'Client'])
})

t.test('several conditions joined with &', async t => {
  const result = query([{ op: 'replace', path: '/characteristic?name=speed&valueType=string/value', value: '10G' }])
  t.same(list(result, 'characteristic').map(c => c.value), ['10G', 1000, ['red', 'blue'], true])
  t.throws(() => query([{ op: 'remove', path: '/characteristic?name=speed&valueType=boolean' }]), conflict)
})

t.test('dotted attributes inside the query', async t => {
  const result = query([{ op: 'remove', path: '/relatedParty?partyOrPartyRole.id=42' }])
  t.same(list(result, 'relatedParty').map(p => p.role), ['reporter', 'customer'])
  const named = query([{ op: 'replace', path: '/relatedParty?partyOrPartyRole.@referredType=Individual&role=customer/role', value: 'owner' }])
  t.same(list(named, 'relatedParty').map(p => p.role), ['owner', 'reporter', 'customer'])
})

t.test('an array attribute matches when any of its values does', async t => {
  const result = query([{ op: 'remove', path: '/characteristic?value=blue' }])
  t.same(list(result, 'characteristic').map(c => c.name), ['speed', 'speed', 'active'])
  const nested = query([{ op: 'replace', path: '/productOrderItem?note.id=b/action', value: 'delete' }])
  t.same(list(nested, 'productOrderItem').map(i => i.action), ['delete', 'modify', 'delete'])
})

t.test('selectors nest: every level applies to every match', async t => {
  const result = query([{ op: 'remove', path: '/productOrderItem?action=add/note?id=b' }])
  t.same(list(result, 'productOrderItem').map(i => i.note), [[{ id: 'a' }], undefined, [{ id: 'c' }]])
  const appended = query([{ op: 'add', path: '/productOrderItem?action=add/note/-', value: { id: 'z' } }])
  t.same(list(appended, 'productOrderItem').map(i => (i.note as Json[] | undefined)?.length), [3, undefined, 3])
})

t.test('JSONPath form maps to the same selector', async t => {
  t.test('filter followed by a member (TMF630 example)', async t => {
    const result = query([{ op: 'replace', path: '$.note[?(@.id==\'77456\')].text', value: 'jp' }])
    t.same(list(result, 'note').map(n => n.text), ['one', 'jp', 'three'])
  })
  t.test('double quotes and a trailing filter', async t => {
    const result = query([{ op: 'remove', path: '$.relatedParty[?(@.role=="customer")]' }])
    t.same(list(result, 'relatedParty').map(p => p.role), ['reporter'])
  })
  t.test('&& between conditions, dotted attribute, unquoted number', async t => {
    const result = query([
      { op: 'replace', path: '$.characteristic[?(@.name==\'speed\' && @.value==1000)].valueType', value: 'integer' },
      { op: 'replace', path: '$.relatedParty[?(@.partyOrPartyRole.id==\'43\')].partyOrPartyRole.name', value: 'P' }
    ])
    t.same(list(result, 'characteristic').map(c => c.valueType), ['string', 'integer', 'array', 'boolean'])
    t.equal((list(result, 'relatedParty')[1]?.partyOrPartyRole as Json).name, 'P')
  })
  t.test('as from of a move', async t => {
    const result = query([{ op: 'move', from: '$.note[?(@.id==77457)]', path: '/archived' }])
    t.same(result.archived, { id: 77457, author: 'ann', text: 'three' })
    t.equal(list(result, 'note').length, 2)
  })
  t.test('index and quoted-name steps', async t => {
    const result = query([{ op: 'replace', path: '$[\'note\'][0].text', value: 'idx' }])
    t.equal(list(result, 'note')[0]?.text, 'idx')
  })
})

t.test('no match is a 409 for every op', async t => {
  for (const operation of [
    { op: 'replace', path: '/note?id=1', value: {} },
    { op: 'remove', path: '/note?id=1' },
    { op: 'test', path: '/note?id=1', value: {} },
    { op: 'add', path: '/note?id=1/text', value: 'x' },
    { op: 'copy', from: '/note?id=1', path: '/x' },
    { op: 'move', from: '/note?id=1', path: '/x' },
    { op: 'remove', path: '$.note[?(@.id==\'1\')]' },
    { op: 'remove', path: '/missing?id=1' },
    { op: 'remove', path: '/id?x=1' },
    { op: 'remove', path: '/note?text.deep=one' }
  ]) {
    const err = t.throws(() => query([operation]), conflict, JSON.stringify(operation)) as Error
    t.match(err.message, 'No element matches')
  }
})

t.test('from and a move destination must select exactly one element', async t => {
  t.throws(() => query([{ op: 'copy', from: '/note?author=ann', path: '/x' }]), conflict)
  t.throws(() => query([{ op: 'move', from: '/id', path: '/note?author=ann/x' }]), conflict)
})

t.test('atomic: a later failing op undoes earlier multi-match edits', async t => {
  const doc = ticket()
  t.throws(() => query([
    { op: 'remove', path: '/note?author=ann' },
    { op: 'replace', path: '/relatedParty?role=customer/role', value: 'x' },
    { op: 'test', path: '/note?id=77456/text', value: 'nope' }
  ], doc), conflict)
  t.same(doc, ticket())
})

t.test('plain JSON Pointer paths behave as in RFC 6902', async t => {
  const result = query([
    { op: 'add', path: '/note/-', value: { id: 1 } },
    { op: 'remove', path: '/note/0' },
    { op: 'move', from: '/note/0', path: '/first' },
    { op: 'test', path: '/first/id', value: 77456 }
  ])
  t.same(list(result, 'note').map(n => n.id), [77457, 1])
  t.throws(() => query([{ op: 'remove', path: '/note/7' }]), conflict)
  t.throws(() => query([{ op: 'replace', path: '', value: {} }]), { statusCode: 400, code: 'ERR400' })
})

t.test('escapes work inside queries', async t => {
  const doc = { list: [{ 'a/b': 'x~y', v: 1 }, { 'a/b': 'z', v: 2 }] }
  t.same(query([{ op: 'remove', path: '/list?a~1b=x~0y' }], doc), { list: [{ 'a/b': 'z', v: 2 }] })
  t.same(query([{ op: 'replace', path: '/list?v=2/a~1b', value: 'q' }], doc).list, [{ 'a/b': 'x~y', v: 1 }, { 'a/b': 'q', v: 2 }])
})

t.test('malformed queries are a 400', async t => {
  for (const path of ['/note?', '/note?id', '/note?=1', '/note?id=1&', '/note?a..b=1', '/note?id=1~2', 'note?id=1']) {
    t.throws(() => query([{ op: 'remove', path }]), { statusCode: 400, code: 'ERR400' }, path)
  }
})
