import t from 'tap'
import { bearerTokenOf } from './bearer.ts'

t.test('accepts the Bearer scheme in any case', async t => {
  t.equal(bearerTokenOf('Bearer a.b.c'), 'a.b.c')
  t.equal(bearerTokenOf('bearer  a.b-c_d '), 'a.b-c_d')
})

t.test('rejects anything else', async t => {
  for (const header of ['', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'Token a.b.c', 'Bearer a"b']) {
    t.equal(bearerTokenOf(header), null, JSON.stringify(header))
  }
})
