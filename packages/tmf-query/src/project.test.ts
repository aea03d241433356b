import t from 'tap'
import { project } from './project.ts'

const doc = { '@type': 'TroubleTicket', id: '1', href: '/t/1', name: 'n', status: 's', relatedParty: [{ role: 'customer' }], note: [] }
const keep = ['id', 'href', '@type']

t.test('undefined fields return the whole document', async (t) => {
  t.equal(project(doc, undefined, keep), doc)
})

t.test('named first-level attributes plus the kept ones, in document order', async (t) => {
  t.same(Object.keys(project(doc, ['status', 'name'], keep)), ['@type', 'id', 'href', 'name', 'status'])
  t.same(project(doc, ['relatedParty.role'], keep), { '@type': 'TroubleTicket', id: '1', href: '/t/1', relatedParty: [{ role: 'customer' }] }, 'a dotted name keeps its first segment whole')
  t.same(project(doc, ['missing'], keep), { '@type': 'TroubleTicket', id: '1', href: '/t/1' }, 'unknown names add nothing')
})

t.test('none keeps only the kept attributes', async (t) => {
  t.same(project(doc, [], keep), { '@type': 'TroubleTicket', id: '1', href: '/t/1' })
  t.same(project(doc, ['none'], keep), { '@type': 'TroubleTicket', id: '1', href: '/t/1' })
})

t.test('strict mode keeps nothing extra', async (t) => {
  t.same(project(doc, ['status'], []), { status: 's' }, 'the older TMF621 kit expects exactly the named attribute')
  t.same(project({ name: 'x' }, [], keep), {}, 'kept attributes only when present')
  t.same(project(doc, [], []), { id: '1', href: '/t/1' }, 'fields=none still returns id and href (TMF630 Part 1 §4.3)')
})

t.test('the input is not modified', async (t) => {
  const copy = structuredClone(doc)
  project(doc, ['name'], keep)
  t.same(doc, copy)
})
