import t from 'tap'
import { ANONYMOUS_OPERATOR, ANONYMOUS_PUBLIC, makePrincipal } from './principal.ts'
import { canSee, scopeParties } from './scope.ts'

const partner = makePrincipal({ subject: 'svc-acme', partnerId: 'acme', roles: ['partner'], isOperator: false, anonymous: false })
const operator = makePrincipal({ subject: 'ops', partnerId: null, roles: ['operator'], isOperator: true, anonymous: false })

t.test('scopeParties: operators are unrestricted, partners see their own party', async t => {
  t.equal(scopeParties(operator), null)
  t.equal(scopeParties(ANONYMOUS_OPERATOR), null)
  t.same(scopeParties(partner), ['acme'])
  t.same(scopeParties(ANONYMOUS_PUBLIC), [], 'no partner: restricted to nothing, never unrestricted')
})

t.test('canSee: operator sees everything, partner only resources it is related to', async t => {
  t.ok(canSee(operator, []))
  t.ok(canSee(operator, ['other']))
  t.ok(canSee(partner, ['other', 'acme']))
  t.notOk(canSee(partner, ['other']))
  t.notOk(canSee(partner, []))
  t.notOk(canSee(ANONYMOUS_PUBLIC, ['acme']))
})

t.test('shared principals cannot be mutated by a handler', async t => {
  t.throws(() => { ANONYMOUS_OPERATOR.roles.push('x') })
  t.throws(() => { (ANONYMOUS_OPERATOR as { isOperator: boolean }).isOperator = false })
})
