import type { TAP } from 'tap'
import { matchesConditions } from '../match.ts'
import { parseListQuery } from '../list-query.ts'
import { conditionsToSql, sortToSql } from '../sql.ts'
import { loadDocs, selectIds, type TestDb } from './databases.ts'
import { randomCondition, randomDocs, seeded } from './random-cases.ts'
import { filterCases, sortCases, ticketDocs, ticketQueryOptions } from './ticket-fixtures.ts'
import { rawFilterCases } from './raw-filter-cases.ts'

function describeQuery (query: Record<string, string | string[]>): string {
  const pairs = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]))
  return pairs.length === 0 ? '(no filter)' : new URLSearchParams(pairs).toString()
}

/** The same cases against whichever engine `db` is, so PostgreSQL and PGlite must agree. */
export function registerSqlSuite (t: TAP, db: TestDb): void {
  t.before(async () => {
    await loadDocs(db, 'ticket', ticketDocs)
  })

  t.test('filters return exactly the expected documents', async (t) => {
    for (const c of filterCases) {
      const query = parseListQuery(c.query, ticketQueryOptions)
      const params: unknown[] = []
      const where = conditionsToSql(query.conditions, 'doc', params)
      t.same(await selectIds(db, 'ticket', where, params), c.ids, describeQuery(c.query))
    }
  })

  t.test('raw query strings: ; OR and JSONPath filters return exactly the expected documents', async (t) => {
    for (const c of rawFilterCases) {
      const query = parseListQuery(c.query, ticketQueryOptions)
      const params: unknown[] = []
      const where = conditionsToSql(query.conditions, 'doc', params)
      t.same(await selectIds(db, 'ticket', where, params), c.ids, `${c.query}${c.why === undefined ? '' : ` (${c.why})`}`)
    }
  })

  t.test('sorts order documents as jsonb does, missing values last', async (t) => {
    for (const c of sortCases) {
      const query = parseListQuery({ sort: c.sort }, ticketQueryOptions)
      t.same(await selectIds(db, 'ticket', 'TRUE', [], sortToSql(query.sort, 'doc')), c.ids, `sort=${c.sort}`)
    }
  })

  t.test('placeholders continue after parameters the caller already holds', async (t) => {
    const query = parseListQuery({ status: 'acknowledged', 'priority.gte': '5' }, ticketQueryOptions)
    const params: unknown[] = ['t04']
    const where = conditionsToSql(query.conditions, 'doc', params)
    t.equal(params.length, 3)
    t.same(await selectIds(db, 'ticket', `id = $1 AND ${where}`, params), ['t04'])
  })

  t.test('awkward strings survive the jsonpath literal exactly', async (t) => {
    const strings = ['say "hi"', 'back\\slash', 'new\nline', 'tab\t', '\u0001ctl', 'line\u2028sep', 'é', '😀', "it's", '$1', '@ == 1 || true', '\\u0041', '']
    const docs = strings.map((v, i) => ({ id: `s${String(i).padStart(2, '0')}`, v }))
    await loadDocs(db, 'awkward', docs)
    for (const [i, v] of strings.entries()) {
      const params: unknown[] = []
      const where = conditionsToSql([{ path: ['v'], op: 'eq', values: [v], type: 'string' }], 'doc', params)
      // ASCII-only names: TAP output is line based and U+2028 would break the line.
      const name = JSON.stringify(v).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
      t.same(await selectIds(db, 'awkward', where, params), [docs[i]?.id], name)
    }
  })

  t.test('random documents and conditions: SQL agrees with matchesConditions', async (t) => {
    const r = seeded(20240601)
    const docs = randomDocs(r, 80)
    await loadDocs(db, 'random_doc', docs)
    let disagreements = 0
    let informative = 0
    for (let i = 0; i < 300; i++) {
      const conditions = r() < 0.8 ? [randomCondition(r)] : [randomCondition(r), randomCondition(r)]
      const params: unknown[] = []
      const sqlIds = await selectIds(db, 'random_doc', conditionsToSql(conditions, 'doc', params), params)
      const memoryIds = docs.filter((d) => matchesConditions(d, conditions)).map((d) => String(d.id))
      if (sqlIds.length > 0 && sqlIds.length < docs.length) informative++
      if (JSON.stringify(sqlIds) !== JSON.stringify(memoryIds)) {
        disagreements++
        t.same(memoryIds, sqlIds, `conditions ${JSON.stringify(conditions)}`)
      }
    }
    t.equal(disagreements, 0, '300 random queries over 80 random documents')
    // Guards the generator: most queries must split the documents, or agreement would prove little.
    t.ok(informative > 150, `${informative} of 300 queries matched some but not all documents`)
  })
}
