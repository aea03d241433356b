import t from 'tap'
import { describeJsonSchemaPath } from './json-schema-path.ts'

// Shapes as TypeBox 1.x emits them (Type.Object, Type.Union, Type.Literal, Type.Ref, Type.Record, ...).
const PartyRef = { $id: 'PartyRef', type: 'object', required: ['id'], properties: { '@type': { type: 'string', const: 'PartyRef' }, id: { type: 'string' }, name: { type: 'string' } } }
const PartyRoleRef = { type: 'object', properties: { '@type': { type: 'string', const: 'PartyRoleRef' }, id: { type: 'string' }, partyId: { type: 'string' } } }
const schema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    n: { type: 'integer' },
    q: { type: 'number' },
    ok: { type: 'boolean' },
    creationDate: { type: 'string', format: 'date-time' },
    maybe: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    nullableDate: { type: ['string', 'null'], format: 'date-time' },
    status: { anyOf: [{ type: 'string', const: 'a' }, { type: 'string', const: 'b' }] },
    e: { enum: ['x', 'y'] },
    numOrInt: { anyOf: [{ type: 'integer' }, { type: 'number' }] },
    mixed: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    tags: { type: 'array', items: { type: 'string' } },
    matrix: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
    tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }] },
    relatedParty: { type: 'array', items: { type: 'object', properties: { role: { type: 'string' }, partyOrPartyRole: { anyOf: [{ $ref: 'PartyRef' }, PartyRoleRef] } } } },
    inter: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { b: { type: 'number' } } }] },
    any: {},
    rec: { type: 'object', patternProperties: { '^.*$': { type: 'number' } } },
    open: { type: 'object', properties: { x: { type: 'string' } }, additionalProperties: true },
    extra: { type: 'object', additionalProperties: { type: 'boolean' } },
    note: { oneOf: [{ $ref: '#/$defs/Note' }] },
    local: { $ref: '#/definitions/Local' },
    channel: { type: 'object', properties: { id: { type: 'string' } } }
  },
  $defs: { Note: { type: 'object', properties: { date: { type: 'string', format: 'date-time' } } } },
  definitions: { Local: { type: 'object', properties: { v: { type: 'integer' } } } }
}
const refs = { PartyRef }

const d = (path: string): ReturnType<typeof describeJsonSchemaPath> => describeJsonSchemaPath(schema, path === '' ? [] : path.split('.'), refs)
const info = (type: string, throughArray = false, known = true): object => ({ type, throughArray, known })

t.test('scalar types and formats', async (t) => {
  t.same(d('id'), info('string'))
  t.same(d('n'), info('integer'))
  t.same(d('q'), info('number'))
  t.same(d('ok'), info('boolean'))
  t.same(d('creationDate'), info('date-time'))
  t.same(d('channel'), info('object'))
  t.same(d(''), info('object'), 'the root')
})

t.test('unions, literals, enums and type arrays', async (t) => {
  t.same(d('maybe'), { ...info('string'), nullable: true }, 'null is not a type of its own, but is said')
  t.same(d('nullableDate'), { ...info('date-time'), nullable: true }, 'type arrays')
  t.same(d('status'), { ...info('string'), enum: ['a', 'b'] }, 'a union of literals lists its values')
  t.same(d('e'), { ...info('string'), enum: ['x', 'y'] }, 'an enum without type')
  t.same(d('numOrInt'), info('number'))
  t.same(d('mixed'), info('unknown'), 'really mixed types')
  t.same(d('any'), info('unknown'), 'an unconstrained schema')
})

t.test('arrays', async (t) => {
  t.same(d('tags'), info('string', true), 'an array of strings is filtered as strings')
  t.same(d('matrix'), info('number', true))
  t.same(d('tuple'), info('string', true))
  t.same(d('relatedParty'), info('object', true))
  t.same(d('relatedParty.role'), info('string', true))
})

t.test('$ref by name, by $id and by local pointer', async (t) => {
  t.same(d('relatedParty.partyOrPartyRole.id'), info('string', true), 'declared in both branches')
  t.same(d('relatedParty.partyOrPartyRole.name'), info('string', true), 'declared in the referenced branch only')
  t.same(d('relatedParty.partyOrPartyRole.partyId'), info('string', true), 'declared in the inline branch only')
  t.same(d('note.date'), info('date-time'), '#/$defs/...')
  t.same(d('local.v'), info('integer'), '#/definitions/...')
  t.same(describeJsonSchemaPath({ type: 'object', properties: { p: { $ref: 'https://example.com/schemas/PartyRef' } } }, ['p', 'id'], refs), info('string'), 'a URI ending in the name')
  const byId = { whatever: { $id: 'Money', type: 'object', properties: { value: { type: 'number' } } } }
  t.same(describeJsonSchemaPath({ type: 'object', properties: { price: { $ref: 'Money' } } }, ['price', 'value'], byId), info('number'), 'matched by $id')
})

t.test('allOf, records and additional properties', async (t) => {
  t.same(d('inter.a'), info('string'))
  t.same(d('inter.b'), info('number'))
  t.same(d('rec.anything'), info('number'), 'patternProperties')
  t.same(d('extra.flag'), info('boolean'), 'additionalProperties schema')
  t.same(d('open.x'), info('string'))
  t.same(d('open.y'), info('unknown', true, false), 'an open object does not declare other names')
})

t.test('undeclared paths', async (t) => {
  t.same(d('nope'), info('unknown', true, false))
  t.same(d('id.length'), info('unknown', true, false), 'no members on a string')
  t.same(d('channel.nope'), info('unknown', true, false))
  t.same(d('relatedParty.partyOrPartyRole.nope'), info('unknown', true, false))
  t.same(describeJsonSchemaPath({ type: 'object', properties: { p: { $ref: 'Missing' } } }, ['p', 'x']), info('unknown', true, false), 'an unresolved $ref')
})

t.test('recursive schemas terminate', async (t) => {
  const cyclic = { $defs: { Node: { $id: 'Node', type: 'object', properties: { name: { type: 'string' }, next: { $ref: 'Node' } } } }, $ref: 'Node' }
  t.same(describeJsonSchemaPath(cyclic, ['next', 'next', 'next', 'name']), info('string'))
  const selfLoop = { $id: 'Loop', anyOf: [{ $ref: 'Loop' }, { type: 'object', properties: { a: { type: 'boolean' } } }] }
  t.same(describeJsonSchemaPath(selfLoop, ['a']), info('boolean'))
  t.same(describeJsonSchemaPath({ $ref: '#' }, ['a']), info('unknown', true, false))
})
