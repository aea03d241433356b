import t from 'tap'
import { applyPatch } from './index.ts'

const ticket = (): Record<string, unknown> => ({
  id: '42',
  description: 'No signal',
  severity: 'Major',
  note: [{ id: '1', text: 'first' }, { id: '2', text: 'second' }],
  channel: { id: 'web', name: 'Web' },
  validFor: { startDateTime: '2024-01-01T00:00:00Z', endDateTime: '2024-12-31T00:00:00Z' }
})

t.test('replaces scalars and adds new members', async t => {
  const result = applyPatch(ticket(), { severity: 'Minor', priority: 2 }, 'merge')
  t.equal(result.severity, 'Minor')
  t.equal(result.priority, 2)
  t.equal(result.description, 'No signal')
})

t.test('null removes a member, at the top and nested', async t => {
  const result = applyPatch(ticket(), { description: null, validFor: { endDateTime: null } }, 'merge')
  t.notOk('description' in result)
  t.same(result.validFor, { startDateTime: '2024-01-01T00:00:00Z' })
})

t.test('null for a member that does not exist is a no-op', async t => {
  t.same(applyPatch(ticket(), { nothing: null }, 'merge'), ticket())
})

t.test('objects merge recursively', async t => {
  const result = applyPatch(ticket(), { channel: { name: 'Web portal', '@type': 'Channel' } }, 'merge')
  t.same(result.channel, { id: 'web', name: 'Web portal', '@type': 'Channel' })
})

t.test('arrays are replaced whole, never merged', async t => {
  const result = applyPatch(ticket(), { note: [{ text: 'only' }] }, 'merge')
  t.same(result.note, [{ text: 'only' }])
  t.same(applyPatch(ticket(), { note: [] }, 'merge').note, [])
})

t.test('an object replaces a scalar, dropping nulls inside it (RFC 7386 examples)', async t => {
  const result = applyPatch({ a: 'b', c: ['x'] }, { a: { b: 'c', d: null }, c: { e: 1 } }, 'merge')
  t.same(result, { a: { b: 'c' }, c: { e: 1 } })
})

t.test('a scalar or array replaces an object', async t => {
  const result = applyPatch(ticket(), { channel: 'web', validFor: [1, 2] }, 'merge')
  t.equal(result.channel, 'web')
  t.same(result.validFor, [1, 2])
})

t.test('an empty patch changes nothing', async t => {
  t.same(applyPatch(ticket(), {}, 'merge'), ticket())
  t.notOk('x' in applyPatch(ticket(), { x: undefined }, 'merge'), 'undefined from a JS caller is skipped')
})

t.test('does not mutate the document or alias the body', async t => {
  const doc = ticket()
  const body = { note: [{ id: '9' }], channel: { name: 'x' }, extra: { deep: { v: 1 } } }
  const result = applyPatch(doc, body, 'merge')
  t.same(doc, ticket())
  t.not(result.note, body.note)
  t.not(result.extra, body.extra)
  body.extra.deep.v = 2
  t.same(result.extra, { deep: { v: 1 } })
  t.not(result.channel, doc.channel)
})

t.test('a member named like an Object.prototype method is an ordinary member', async t => {
  const result = applyPatch({}, { toString: { a: 1 }, hasOwnProperty: 'x' }, 'merge')
  t.same(result, { toString: { a: 1 }, hasOwnProperty: 'x' })
})

t.test('the body must be a JSON object', async t => {
  for (const body of [null, [], [{ op: 'add' }], 'x', 1, true, undefined]) {
    t.throws(() => applyPatch(ticket(), body, 'merge'), { statusCode: 400, code: 'ERR400' }, JSON.stringify(body))
  }
})
