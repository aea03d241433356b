import t from 'tap'
import { describeJsonSchemaPath } from '@cx/tmf-query'
import type { ResourceDeclaration } from './declaration.ts'
import { resourceTableMigrations, typedColumnMap, typedColumnsOf } from './resource-table.ts'

const schema = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    severity: { type: 'string' },
    closedAt: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
    creationDate: { type: 'string', format: 'date-time' },
    priority: { type: 'integer' },
    note: { type: 'array', items: { type: 'object', properties: { text: { type: 'string' } } } }
  }
}
const decl = (extra: Partial<ResourceDeclaration>): ResourceDeclaration => ({
  name: 'ticket',
  type: 'Ticket',
  table: 'ticket',
  schemas: { resource: schema, create: schema, patch: schema } as unknown as ResourceDeclaration['schemas'],
  ...extra
})
const lifecycle = { field: 'status', initial: 'new', transitions: {}, changeEvent: 'TicketStateChangeEvent' }
const describe = (path: string[]): ReturnType<typeof describeJsonSchemaPath> => describeJsonSchemaPath(schema, path, {})

t.test('the lifecycle field is a typed column with a filter index unless declared otherwise', async (t) => {
  t.same(typedColumnsOf(decl({ lifecycle })), [{ name: 'status', path: ['status'], indexes: ['filter'] }])
  const own = { name: 'status', path: ['status'], indexes: ['desc' as const] }
  t.same(typedColumnsOf(decl({ lifecycle, columns: [own] })), [own])
  t.same(typedColumnsOf(decl({})), [])
  t.same(typedColumnsOf(decl({ lifecycle: { ...lifecycle, field: 'lifecycleState' } }))[0]?.name, 'lifecycle_state')
})

t.test('migrations: the table, each column, then the drop of the old lifecycle expression index', async (t) => {
  const migrations = resourceTableMigrations(decl({ lifecycle, columns: [{ name: 'creation_date', path: ['creationDate'], indexes: ['desc'] }] }))
  t.match(migrations.map((m) => m.id), ['table-ticket-001', /^table-ticket-columns-/, 'table-ticket-drop-lifecycle-text-001'])
  t.match(migrations[1]?.statements, [
    /ADD COLUMN IF NOT EXISTS c_status text GENERATED ALWAYS AS \(doc #>> '\{"status"\}'\) STORED$/,
    /ADD COLUMN IF NOT EXISTS c_creation_date text GENERATED ALWAYS AS \(doc #>> '\{"creationDate"\}'\) STORED$/,
    /^CREATE INDEX IF NOT EXISTS ticket_c_status_filter ON ticket \(c_status\)$/,
    /^CREATE INDEX IF NOT EXISTS ticket_c_creation_date_desc ON ticket \(c_creation_date DESC NULLS LAST, created_at DESC, id\)$/,
    'ANALYZE ticket'
  ])
  t.same(resourceTableMigrations(decl({})).map((m) => m.id), ['table-ticket-001'])
})

t.test('the query layer gets dot path → column', async (t) => {
  const map = typedColumnMap(decl({ lifecycle, columns: [{ name: 'created', path: ['creationDate'] }] }), describe)
  t.same([...map], [['status', 'c_status'], ['creationDate', 'c_created']])
})

t.test('only a declared single string can be a typed column', async (t) => {
  t.throws(() => typedColumnMap(decl({ columns: [{ name: 'priority', path: ['priority'] }] }), describe), /needs a declared single string at priority, the schema has integer/)
  t.throws(() => typedColumnMap(decl({ columns: [{ name: 'note', path: ['note', 'text'] }] }), describe), /through an array/)
  t.throws(() => typedColumnMap(decl({ columns: [{ name: 'x', path: ['undeclared'] }] }), describe), /the schema has nothing/)
  t.throws(() => typedColumnMap(decl({ columns: [{ name: 'closed_at', path: ['closedAt'] }] }), describe), /may be JSON null/)
  t.throws(() => typedColumnMap(decl({ columns: [{ name: 'severity', path: ['severity'], indexes: ['filter'], filterWith: ['status'] }] }), describe), /indexed with status, which must be declared before it/)
  t.doesNotThrow(() => typedColumnMap(decl({ lifecycle, columns: [{ name: 'severity', path: ['severity'], indexes: ['filter'], filterWith: ['status'] }] }), describe), 'the lifecycle column comes first')
})
