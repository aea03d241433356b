import t from 'tap'
import { conditionsToSql } from './sql.ts'
import { openPostgres } from './testing/databases.ts'
import { registerSqlSuite } from './testing/sql-suite.ts'
import { parseListQuery } from './list-query.ts'
import { ticketQueryOptions } from './testing/ticket-fixtures.ts'

// No skip when PostgreSQL is down: openPostgres throws and this file fails.
const db = await openPostgres((fn) => t.teardown(fn))
registerSqlSuite(t, db)

t.test('a GIN jsonb_path_ops index serves equality filters, also into arrays', async (t) => {
  await db.query('CREATE INDEX ticket_doc_gin ON ticket USING gin (doc jsonb_path_ops)')
  await db.query('SET enable_seqscan = off')
  t.teardown(async () => { await db.query('RESET enable_seqscan') })
  for (const query of [{ 'relatedParty.id': 'c1' }, { priority: '3' }]) {
    const params: unknown[] = []
    const where = conditionsToSql(parseListQuery(query, ticketQueryOptions).conditions, 'doc', params)
    const plan = await db.query(`EXPLAIN SELECT id FROM ticket WHERE ${where}`, params)
    const text = plan.map((row) => String(row['QUERY PLAN'])).join('\n')
    t.match(text, /Index Scan on ticket_doc_gin/, JSON.stringify(query))
  }
})

t.test('a declared single string compares as text, served by a btree expression index', async (t) => {
  await db.query('CREATE INDEX ticket_status_text ON ticket ((doc #>> \'{"status"}\'))')
  await db.query('SET enable_seqscan = off')
  t.teardown(async () => { await db.query('RESET enable_seqscan') })
  const params: unknown[] = []
  const where = conditionsToSql(parseListQuery({ status: 'acknowledged,closed' }, ticketQueryOptions).conditions, 'doc', params)
  t.match(where, /#>> '\{"status"\}' = ANY/)
  const plan = await db.query(`EXPLAIN SELECT id FROM ticket WHERE ${where}`, params)
  t.match(plan.map((row) => String(row['QUERY PLAN'])).join('\n'), /Index Scan using ticket_status_text/)
})
