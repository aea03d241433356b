import t from 'tap'
import { parseJsonPath } from './jsonpath.ts'

const key = (token: string): unknown => ({ kind: 'key', token })

t.test('parses the TMF630 JSONPath forms into segments', async t => {
  t.same(parseJsonPath('$'), [])
  t.same(parseJsonPath('$.note[?(@.id==\'77456\')].text'), [
    key('note'), { kind: 'select', conditions: [{ attribute: ['id'], value: '77456' }] }, key('text')
  ])
  t.same(parseJsonPath('$.relatedParty[?(@.role=="customer")]'), [
    key('relatedParty'), { kind: 'select', conditions: [{ attribute: ['role'], value: 'customer' }] }
  ])
  t.same(parseJsonPath('$.a[ ?( @.b.c == 1.50 && @.d==true&&@.e==null ) ]'), [
    key('a'),
    {
      kind: 'select',
      conditions: [{ attribute: ['b', 'c'], value: '1.5' }, { attribute: ['d'], value: 'true' }, { attribute: ['e'], value: 'null' }]
    }
  ])
  t.same(parseJsonPath('$[\'a.b\']["c"][12].@type'), [key('a.b'), key('c'), key('12'), key('@type')])
})

t.test('string literals take backslash escapes', async t => {
  t.same(parseJsonPath('$.a[?(@.b==\'it\\\'s\')]'), [key('a'), { kind: 'select', conditions: [{ attribute: ['b'], value: 'it\'s' }] }])
})

t.test('unsupported or malformed JSONPath is a 400', async t => {
  for (const path of [
    '$note', '$.', '$..note', '$.note[*]', '$.note[?(@.id>1)]', '$.note[?(@.id!=1)]', '$.note[?(@.id=1)]',
    '$.note[?(@.a==1 || @.b==2)]', '$.note[?(@.id==\'1)]', '$.note[?(@.id==1)', '$.note[?(@==1)]',
    '$.note[?(@.id==abc)]', '$.note[-1]', '$.note[\'x]', 'x$'
  ]) {
    t.throws(() => parseJsonPath(path), { statusCode: 400, message: /JSONPath/ }, path)
  }
})
