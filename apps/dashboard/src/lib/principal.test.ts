import t from 'tap'
import { expiryOf, jwtClaims, principalOf } from './principal.ts'

// A JWT's second segment is base64url JSON (RFC 7519 §3); the signature is the APIs' business.
const jwt = (claims: object): string => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`

t.test('jwtClaims decodes base64url payloads, UTF-8 included, and refuses what is not a JWT', async (t) => {
  t.same(jwtClaims(jwt({ sub: 'fibreco', name: 'Zoë ✓' })), { sub: 'fibreco', name: 'Zoë ✓' })
  t.equal(jwtClaims('not-a-jwt'), undefined)
  t.equal(jwtClaims('a..c'), undefined)
  t.equal(jwtClaims(`e30.${Buffer.from('[1,2]').toString('base64url')}.x`), undefined, 'an array is no claim set')
  t.equal(jwtClaims('e30.%%%.x'), undefined)
})

t.test('principalOf follows the APIs\' rules: operator role anywhere, else the partner claim, azp, client_id', async (t) => {
  t.same(principalOf({ sub: 'op', roles: ['operator'] }), { kind: 'operator', subject: 'op' })
  t.same(principalOf({ sub: 'op', realm_access: { roles: ['operator'] } }), { kind: 'operator', subject: 'op' })
  t.same(principalOf({ sub: 'op', scope: 'openid operator' }), { kind: 'operator', subject: 'op' })
  t.same(principalOf({ sub: 'op', scp: ['operator'] }), { kind: 'operator', subject: 'op' })
  t.same(principalOf({ sub: 'u1', roles: ['partner'], partner_id: 'fibreco', azp: 'other' }), { kind: 'partner', partnerId: 'fibreco', subject: 'u1' })
  t.same(principalOf({ sub: 'u1', org: 'fixit' }, 'org'), { kind: 'partner', partnerId: 'fixit', subject: 'u1' }, 'a configured claim')
  t.same(principalOf({ sub: 'u1', azp: 'streamplus' }), { kind: 'partner', partnerId: 'streamplus', subject: 'u1' })
  t.same(principalOf({ sub: 'u1', client_id: 'streamplus' }), { kind: 'partner', partnerId: 'streamplus', subject: 'u1' })
  t.equal(principalOf({ sub: 'u1', roles: ['partner'] }), undefined, 'a partner token must name its partner')
  t.equal(principalOf({ sub: 'u1', partner_id: '' }), undefined)
})

t.test('expiryOf reads exp in seconds', async (t) => {
  t.equal(expiryOf({ exp: 1796008340 }), 1796008340)
  t.equal(expiryOf({ exp: '1796008340' }), undefined)
})
