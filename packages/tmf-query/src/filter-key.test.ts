import t from 'tap'
import { parseFilterKey } from './filter-key.ts'

t.test('dot paths, with and without an operator segment', async (t) => {
  t.same(parseFilterKey('status', 'a,b'), { path: ['status'], op: 'eq', value: 'a,b' })
  t.same(parseFilterKey('relatedParty.partyOrPartyRole.id', 'x'), { path: ['relatedParty', 'partyOrPartyRole', 'id'], op: 'eq', value: 'x' })
  for (const op of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte']) {
    t.same(parseFilterKey(`creationDate.${op}`, 'v'), { path: ['creationDate'], op, value: 'v' }, op)
  }
  t.same(parseFilterKey('@type', 'Individual'), { path: ['@type'], op: 'eq', value: 'Individual' })
  t.same(parseFilterKey('a_b-c.$d', ''), { path: ['a_b-c', '$d'], op: 'eq', value: '' })
  t.same(parseFilterKey('gt', '1'), { path: ['gt'], op: 'eq', value: '1' }, 'an attribute named like an operator on its own')
})

t.test('URL symbol forms as the querystring parser delivers them', async (t) => {
  t.same(parseFilterKey('priority>', '2'), { path: ['priority'], op: 'gte', value: '2' }, 'a>=v')
  t.same(parseFilterKey('priority<', '2'), { path: ['priority'], op: 'lte', value: '2' }, 'a<=v')
  t.same(parseFilterKey('status!', 'x'), { path: ['status'], op: 'ne', value: 'x' }, 'a!=v')
  t.same(parseFilterKey('priority>2', ''), { path: ['priority'], op: 'gt', value: '2' }, 'a>v')
  t.same(parseFilterKey('priority<2', ''), { path: ['priority'], op: 'lt', value: '2' }, 'a<v')
  t.same(parseFilterKey('a.b>=2024-01-01', ''), { path: ['a', 'b'], op: 'gte', value: '2024-01-01' }, 'fully encoded a>=v')
  t.same(parseFilterKey('a<=5', ''), { path: ['a'], op: 'lte', value: '5' })
  t.same(parseFilterKey('a!=5', ''), { path: ['a'], op: 'ne', value: '5' })
  t.same(parseFilterKey('a>x<y', ''), { path: ['a'], op: 'gt', value: 'x<y' }, 'the first symbol splits')
})

t.test('bad keys are 400s', async (t) => {
  const bad = (key: string, value: string, message: RegExp): void => {
    t.throws(() => parseFilterKey(key, value), { statusCode: 400, code: 'ERR400', message }, `${key}=${value}`)
  }
  bad('a>2', 'x', /ambiguous/)
  bad('a.gt>', '1', /two operators/)
  bad('a..b', 'x', /not a valid attribute path/)
  bad('.a', 'x', /not a valid attribute path/)
  bad('a.', 'x', /not a valid attribute path/)
  bad('', 'x', /not a valid attribute path/)
  bad('a b', 'x', /not a valid attribute path/)
  bad('a*', 'x', /not a valid attribute path/)
  bad('a[0]', 'x', /not a valid attribute path/)
  bad('naïve', 'x', /not a valid attribute path/)
  bad('>', '', /not a valid attribute path/)
  bad('a>b>', '1', /not a valid attribute path/)
  bad('a.b.c.d.e.f.g.h.i.j.k', 'x', /more than 10 segments/)
  bad('a.b.c.d.e.f.g.h.i.j.k.gt', 'x', /more than 10 segments/)
})

t.test('ten segments are allowed, also before an operator', async (t) => {
  const ten = 'a.b.c.d.e.f.g.h.i.j'
  t.equal(parseFilterKey(ten, 'x').path.length, 10)
  t.same(parseFilterKey(`${ten}.lte`, 'x').op, 'lte')
})
