import t from 'tap'
import { conditionsToSql, sortToSql } from './sql.ts'
import type { Comparison as Condition } from './types.ts'

const cond = (path: string[], op: Condition['op'], values: Condition['values']): Condition => ({ path, op, values, type: 'unknown' })

t.test('no conditions is TRUE and adds no parameters', async (t) => {
  const params: unknown[] = []
  t.equal(conditionsToSql([], 'doc', params), 'TRUE')
  t.same(params, [])
})

t.test('equality and comparisons become lax jsonpath parameters', async (t) => {
  const params: unknown[] = ['already', 'there']
  const sql = conditionsToSql([
    cond(['relatedParty', 'partyOrPartyRole', 'id'], 'eq', ['x', 'y']),
    cond(['priority'], 'gte', [2, '2']),
    cond(['active'], 'lt', [true])
  ], 't.doc', params)
  t.equal(sql, '(t.doc @? $3::jsonpath AND t.doc @? $4::jsonpath AND t.doc @? $5::jsonpath)')
  t.same(params, [
    'already',
    'there',
    '$."relatedParty"."partyOrPartyRole"."id" ? (@ == "x" || @ == "y")',
    '$."priority" ? (@ >= 2 || @ >= "2")',
    '$."active" ? (@ < true)'
  ])
})

t.test('every operator', async (t) => {
  const expected = { eq: '==', gt: '>', gte: '>=', lt: '<', lte: '<=' }
  for (const [op, symbol] of Object.entries(expected)) {
    const params: unknown[] = []
    t.equal(conditionsToSql([cond(['a'], op as Condition['op'], [1])], 'doc', params), 'doc @? $1::jsonpath', op)
    t.same(params, [`$."a" ? (@ ${symbol} 1)`], op)
  }
})

t.test('ne: the attribute exists and equals none of the values', async (t) => {
  const params: unknown[] = [1]
  t.equal(conditionsToSql([cond(['status'], 'ne', ['a', 'b'])], 'doc', params), '(doc @? $2::jsonpath AND NOT doc @? $3::jsonpath)')
  t.same(params, [1, '$."status"', '$."status" ? (@ == "a" || @ == "b")'])
})

t.test('conditions without values', async (t) => {
  const params: unknown[] = []
  t.equal(conditionsToSql([cond(['a'], 'eq', [])], 'doc', params), 'FALSE')
  t.equal(conditionsToSql([cond(['a'], 'ne', [])], 'doc', params), 'doc @? $1::jsonpath')
  t.same(params, ['$."a"'])
})

t.test('literals are escaped for jsonpath', async (t) => {
  const params: unknown[] = []
  conditionsToSql([cond(['@type', 'a-b', '$x'], 'eq', ['say "hi" \\ \n\t\u0001 é 😀 \u2028 \' $1 || @ == 1', 1e21, -0.5, 5e-7, false])], 'doc', params)
  t.same(params, [
    '$."@type"."a-b"."$x" ? (@ == "say \\"hi\\" \\\\ \\n\\t\\u0001 é 😀 \u2028 \' $1 || @ == 1" || @ == 1e+21 || @ == -0.5 || @ == 5e-7 || @ == false)'
  ])
  t.throws(() => conditionsToSql([cond(['a'], 'eq', ['a\u0000'])], 'doc', []), { statusCode: 400, message: /unsupported character/ })
  t.throws(() => conditionsToSql([cond(['a'], 'eq', ['\uDC00'])], 'doc', []), { statusCode: 400, message: /unsupported character/ })
  t.throws(() => conditionsToSql([cond(['a'], 'eq', [Number.NaN])], 'doc', []), { statusCode: 400, message: /finite/ })
  t.throws(() => conditionsToSql([cond(['a\u0000'], 'ne', ['x'])], 'doc', []), { statusCode: 400, message: /unsupported character/ }, 'keys too')
})

t.test('sort items', async (t) => {
  t.equal(sortToSql([], 'doc'), '')
  t.equal(
    sortToSql([{ path: ['creationDate'], descending: true }, { path: ['channel', 'id'], descending: false }, { path: ['null'], descending: false }], 'doc'),
    'doc #> \'{"creationDate"}\' DESC NULLS LAST, doc #> \'{"channel","id"}\' ASC NULLS LAST, doc #> \'{"null"}\' ASC NULLS LAST'
  )
  for (const bad of ["a'b", 'a"b', 'a,b', 'a}b', 'a\\b', '']) {
    t.throws(() => sortToSql([{ path: ['x', bad], descending: false }], 'doc'), /unsafe sort path segment/, JSON.stringify(bad))
  }
})

t.test('typed columns: equality on a declared single string and sorting use the column', async (t) => {
  const typed = new Map([['severity', 'c_severity'], ['creationDate', 'c_creation_date']])
  const params: unknown[] = []
  const severity: Condition = { path: ['severity'], op: 'eq', values: ['Major', 'Critical'], type: 'string', scalar: true }
  const status: Condition = { path: ['status'], op: 'eq', values: ['held'], type: 'string', scalar: true }
  t.equal(conditionsToSql([severity, status], 'doc', params, typed), '(c_severity = ANY($1::text[]) AND doc #>> \'{"status"}\' = ANY($2::text[]))')
  t.same(params, [['Major', 'Critical'], ['held']])
  const ne: Condition = { ...severity, op: 'ne' }
  t.equal(conditionsToSql([ne], 'doc', [], typed), '(doc @? $1::jsonpath AND NOT doc @? $2::jsonpath)', '`ne` keeps its exact jsonpath form (a JSON null exists)')
  const undeclared: Condition = { ...severity, scalar: undefined }
  t.equal(conditionsToSql([undeclared], 'doc', [], typed), 'doc @? $1::jsonpath', 'a path not known to be single is never read from a column')
  t.equal(
    sortToSql([{ path: ['creationDate'], descending: true }, { path: ['name'], descending: false }], 'doc', typed),
    'c_creation_date DESC NULLS LAST, doc #> \'{"name"}\' ASC NULLS LAST'
  )
})
