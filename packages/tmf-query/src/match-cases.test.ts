import t from 'tap'
import { matchesConditions } from './match.ts'
import { parseListQuery } from './list-query.ts'
import { filterCases, ticketDocs, ticketQueryOptions } from './testing/ticket-fixtures.ts'

// The same table the PostgreSQL and PGlite suites run, evaluated in memory.
t.test('matchesConditions gives the SQL answers for every fixture case', async (t) => {
  for (const c of filterCases) {
    const { conditions } = parseListQuery(c.query, ticketQueryOptions)
    const ids = ticketDocs.filter((doc) => matchesConditions(doc, conditions)).map((doc) => String(doc.id))
    t.same(ids, c.ids, JSON.stringify(c.query))
  }
})
