import t from 'tap'
import { TmfError } from '@cx/errors'
import { principalFromClaims } from './claims.ts'

t.test('partner from partner_id, roles from roles', async t => {
  t.same(principalFromClaims({ sub: 'u1', partner_id: 'acme', roles: ['partner'] }), {
    subject: 'u1', partnerId: 'acme', roles: ['partner'], isOperator: false, anonymous: false
  })
})

t.test('Keycloak client-credentials shape: realm_access.roles, azp', async t => {
  const p = principalFromClaims({ sub: 'f3a9', azp: 'fibernet', realm_access: { roles: ['partner', 'offline_access'] }, scope: 'profile email' })
  t.equal(p.partnerId, 'fibernet')
  t.same(p.roles, ['partner', 'offline_access', 'profile', 'email'])
  t.notOk(p.isOperator)
})

t.test('partner falls back to client_id, and the configured claim comes first', async t => {
  t.equal(principalFromClaims({ sub: 's', client_id: 'okta-partner', scp: ['partner'] }).partnerId, 'okta-partner')
  t.equal(principalFromClaims({ sub: 's', org: 'acme', azp: 'portal' }, 'org').partnerId, 'acme')
  t.equal(principalFromClaims({ sub: 's', azp: 'portal' }, 'org').partnerId, 'portal')
})

t.test('operator from any role source, with or without a partner', async t => {
  t.ok(principalFromClaims({ sub: 'ops', roles: ['operator'] }).isOperator)
  t.ok(principalFromClaims({ sub: 'ops', realm_access: { roles: ['operator'] } }).isOperator)
  t.ok(principalFromClaims({ sub: 'ops', scope: 'read operator' }).isOperator)
  t.ok(principalFromClaims({ sub: 'ops', scp: 'operator' }).isOperator)
  t.equal(principalFromClaims({ sub: 'ops', roles: ['operator'] }).partnerId, null)
})

t.test('roles are de-duplicated and junk values ignored', async t => {
  t.same(principalFromClaims({ sub: 's', partner_id: 'p', roles: ['a', 1, '', 'a'], scope: '  a  b ', realm_access: 'nope' }).roles, ['a', 'b'])
})

t.test('a partner token must name its partner', async t => {
  t.throws(() => principalFromClaims({ sub: 'u1', roles: ['partner'] }), TmfError)
  t.throws(() => principalFromClaims({ sub: 'u1', partner_id: '' }), { name: 'TmfError', statusCode: 401 })
  t.throws(() => principalFromClaims({ sub: 'u1', partner_id: 42 }), { name: 'TmfError', statusCode: 401 })
})

t.test('subject falls back to the partner id; an identity-less operator token is refused', async t => {
  t.equal(principalFromClaims({ azp: 'acme' }).subject, 'acme')
  t.throws(() => principalFromClaims({ roles: ['operator'] }), { name: 'TmfError', statusCode: 401 })
})
