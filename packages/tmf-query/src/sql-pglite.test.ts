import t from 'tap'
import { openPglite } from './testing/databases.ts'
import { registerSqlSuite } from './testing/sql-suite.ts'

const db = await openPglite((fn) => t.teardown(fn))
registerSqlSuite(t, db)
