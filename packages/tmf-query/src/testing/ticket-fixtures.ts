import { describeJsonSchemaPath } from '../json-schema-path.ts'
import type { ListQueryOptions } from '../types.ts'

// A dozen trouble-ticket-like documents covering nested objects, arrays of v5 related parties,
// numbers, booleans, normalised dates, stray types and missing attributes. Shared by the
// PostgreSQL, PGlite and in-memory suites so all three must agree on every case.
export const ticketDocs: Array<Record<string, unknown>> = [
  { id: 't01', name: 'Alpha', status: 'acknowledged', severity: 'Critical', priority: 1, creationDate: '2024-01-01T00:00:00.000Z', active: true, quantity: 2, channel: { id: 'web', name: 'Web' }, relatedParty: [{ role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: 'c1', name: 'Ann' } }] },
  { id: 't02', name: 'Bravo', status: 'inProgress', severity: 'Major', priority: 3, creationDate: '2024-03-15T10:30:00.000Z', active: false, quantity: '2', relatedParty: [{ role: 'customer', partyOrPartyRole: { id: 'c2' } }, { role: 'partner', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'p1', '@referredType': 'BusinessPartner' } }] },
  { id: 't03', name: 'charlie', status: 'resolved', severity: 'Minor', priority: 2, creationDate: '2023-12-31T23:59:59.999Z', quantity: 10, tags: ['vip', 'gold'], relatedParty: [{ role: 'partner', partyOrPartyRole: { id: 'p1' } }] },
  { id: 't04', name: 'O\'Brien "Q" \\ back', status: 'acknowledged', priority: 5, relatedParty: [] },
  { id: 't05', name: 'Ünïcødé 😀', status: 'closed', priority: 1.5, creationDate: '2024-01-01T12:00:00.000Z', relatedParty: [{ role: 'customer', partyOrPartyRole: { id: 'c1' } }, { role: 'customer', partyOrPartyRole: { id: 'c3' } }] },
  { id: 't06', name: 'delta', status: null, priority: -4, quantity: 3.5, channel: { id: 'phone' } },
  { id: 't07', name: 'Echo', status: 'inProgress', severity: 'Minor', priority: 10, active: true, creationDate: '2025-06-30T00:00:00.000Z' },
  { id: 't08', name: 'Foxtrot', status: 'rejected', relatedParty: { role: 'customer', partyOrPartyRole: { id: 'c1' } } },
  { id: 't09', name: 'golf', status: 'resolved', priority: 0, characteristic: [{ name: 'speed', value: 100 }, { name: 'colour', value: 'red' }] },
  { id: 't10', name: 'Hotel', tags: ['gold'], quantity: true, active: 'true' },
  { id: 't11', name: 'india', status: 'acknowledged', priority: '7', creationDate: '2024-01-01T00:00:00.000Z' },
  { id: 't12' }
]

export const allIds = ticketDocs.map((d) => String(d.id))

const PartyRef = {
  $id: 'PartyRef',
  type: 'object',
  properties: { '@type': { type: 'string', const: 'PartyRef' }, id: { type: 'string' }, name: { type: 'string' }, '@referredType': { type: 'string' } }
}

// Shaped like TypeBox 1.x output; `quantity` and `characteristic` are deliberately undeclared.
export const ticketSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { anyOf: [{ type: 'string', const: 'acknowledged' }, { type: 'string', const: 'inProgress' }, { type: 'string', const: 'resolved' }, { type: 'string', const: 'closed' }, { type: 'string', const: 'rejected' }] },
    severity: { type: 'string' },
    priority: { type: 'number' },
    creationDate: { type: 'string', format: 'date-time' },
    active: { type: 'boolean' },
    channel: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    tags: { type: 'array', items: { type: 'string' } },
    relatedParty: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          role: { type: 'string' },
          partyOrPartyRole: { anyOf: [{ $ref: 'PartyRef' }, { type: 'object', properties: { '@type': { type: 'string', const: 'PartyRoleRef' }, id: { type: 'string' }, partyId: { type: 'string' }, '@referredType': { type: 'string' } } }] }
        }
      }
    }
  }
}

export const ticketQueryOptions: ListQueryOptions = {
  defaultLimit: 20,
  maxLimit: 100,
  describe: (path) => describeJsonSchemaPath(ticketSchema, path, { PartyRef }),
  // The v4 flat party reference, renamed to the v5 nested one.
  mapPath: (path) => path.length === 2 && path[0] === 'relatedParty' && path[1] === 'id' ? ['relatedParty', 'partyOrPartyRole', 'id'] : path
}

export interface FilterCase { query: Record<string, string | string[]>, ids: string[] }

const except = (...ids: string[]): string[] => allIds.filter((id) => !ids.includes(id))

export const filterCases: FilterCase[] = [
  { query: {}, ids: allIds },
  { query: { status: 'acknowledged' }, ids: ['t01', 't04', 't11'] },
  { query: { status: 'acknowledged,closed' }, ids: ['t01', 't04', 't05', 't11'] },
  { query: { status: 'acknowledged;resolved' }, ids: ['t01', 't03', 't04', 't09', 't11'] },
  { query: { status: ['resolved', 'closed'] }, ids: ['t03', 't05', 't09'] },
  { query: { 'status.eq': 'closed' }, ids: ['t05'] },
  { query: { status: 'inProgress', severity: 'Minor' }, ids: ['t07'] },
  { query: { status: 'acknowledged', 'priority.gte': '5' }, ids: ['t04'] },
  { query: { severity: 'Critical,Minor', active: 'true' }, ids: ['t01', 't07'] },
  { query: { 'status.ne': 'acknowledged' }, ids: ['t02', 't03', 't05', 't06', 't07', 't08', 't09'] },
  { query: { 'status!': 'acknowledged,inProgress' }, ids: ['t03', 't05', 't06', 't08', 't09'] },
  { query: { status: 'nonexistent' }, ids: [] },
  { query: { nothing: 'x' }, ids: [] },
  { query: { 'nothing.ne': 'x' }, ids: [] },
  { query: { id: 't03,t07' }, ids: ['t03', 't07'] },
  { query: { 'id.ne': 't01' }, ids: except('t01') },
  { query: { 'relatedParty.partyOrPartyRole.id': 'c1' }, ids: ['t01', 't05', 't08'] },
  { query: { 'relatedParty.id': 'c1' }, ids: ['t01', 't05', 't08'] },
  { query: { 'relatedParty.role': 'partner', 'relatedParty.partyOrPartyRole.id': 'c2' }, ids: ['t02'] },
  { query: { 'relatedParty.role.ne': 'customer' }, ids: ['t03'] },
  { query: { 'relatedParty.partyOrPartyRole.id.ne': 'c1' }, ids: ['t02', 't03'] },
  { query: { 'relatedParty.partyOrPartyRole.@referredType': 'BusinessPartner' }, ids: ['t02'] },
  { query: { 'priority.gt': '2' }, ids: ['t02', 't04', 't07'] },
  { query: { 'priority>2': '' }, ids: ['t02', 't04', 't07'] },
  { query: { 'priority>': '2' }, ids: ['t02', 't03', 't04', 't07'] },
  { query: { 'priority<2': '' }, ids: ['t01', 't05', 't06', 't09'] },
  { query: { 'priority.lte': '1.5' }, ids: ['t01', 't05', 't06', 't09'] },
  { query: { 'priority<': '0' }, ids: ['t06', 't09'] },
  { query: { 'priority.lt': '-1' }, ids: ['t06'] },
  { query: { priority: '1.5' }, ids: ['t05'] },
  { query: { priority: '1,10' }, ids: ['t01', 't07'] },
  { query: { 'priority.gte': '1e1' }, ids: ['t07'] },
  { query: { 'creationDate.gte': '2024-01-01' }, ids: ['t01', 't02', 't05', 't07', 't11'] },
  { query: { 'creationDate.lt': '2024-01-01T01:00:00+01:00' }, ids: ['t03'] },
  { query: { creationDate: '2024-01-01T12:00:00Z' }, ids: ['t05'] },
  { query: { 'creationDate.gte': '2024-01-01', 'creationDate.lt': '2024-02-01' }, ids: ['t01', 't05', 't11'] },
  { query: { 'creationDate.gt': '2024-01-01T00:00:00Z' }, ids: ['t02', 't05', 't07'] },
  { query: { active: 'true' }, ids: ['t01', 't07'] },
  { query: { active: 'false' }, ids: ['t02'] },
  { query: { 'active.ne': 'true' }, ids: ['t02', 't10'] },
  { query: { quantity: '2' }, ids: ['t01', 't02'] },
  { query: { 'quantity.gt': '2' }, ids: ['t03', 't06'] },
  { query: { 'quantity.lt': '10' }, ids: ['t01', 't06'] },
  { query: { quantity: 'true' }, ids: ['t10'] },
  { query: { 'channel.id': 'web' }, ids: ['t01'] },
  { query: { 'channel.id.ne': 'web' }, ids: ['t06'] },
  { query: { tags: 'gold' }, ids: ['t03', 't10'] },
  { query: { 'tags.ne': 'vip' }, ids: ['t10'] },
  { query: { 'characteristic.value': '100' }, ids: ['t09'] },
  { query: { 'characteristic.name': 'colour', 'characteristic.value': 'red' }, ids: ['t09'] },
  { query: { name: 'O\'Brien "Q" \\ back' }, ids: ['t04'] },
  { query: { name: 'Ünïcødé 😀' }, ids: ['t05'] },
  { query: { 'name.gte': 'a' }, ids: ['t03', 't05', 't06', 't09', 't11'] },
  { query: { 'name.lt': 'B' }, ids: ['t01'] }
]

export interface SortCase { sort: string, ids: string[] }

// Expected orders follow jsonb ordering (null < strings < numbers < booleans), missing values
// last, and `id` as the tie-breaker the runner appends.
export const sortCases: SortCase[] = [
  { sort: 'priority', ids: ['t11', 't06', 't09', 't01', 't05', 't03', 't02', 't04', 't07', 't08', 't10', 't12'] },
  { sort: '-priority', ids: ['t07', 't04', 't02', 't03', 't05', 't01', 't09', 't06', 't11', 't08', 't10', 't12'] },
  { sort: '-creationDate', ids: ['t07', 't02', 't05', 't01', 't11', 't03', 't04', 't06', 't08', 't09', 't10', 't12'] },
  { sort: 'channel.id', ids: ['t06', 't01', 't02', 't03', 't04', 't05', 't07', 't08', 't09', 't10', 't11', 't12'] },
  { sort: '-active,priority', ids: ['t01', 't07', 't02', 't10', 't11', 't06', 't09', 't05', 't03', 't04', 't08', 't12'] },
  { sort: ' status', ids: ['t06', 't01', 't04', 't11', 't05', 't02', 't07', 't08', 't03', 't09', 't10', 't12'] }
]
