import t from 'tap'
import { authConfigFromEnv } from './config.ts'
import { devIssueToken } from './dev-issuer.ts'
import { createTokenVerifier } from './verifier.ts'
import { hsConfig, signToken } from './test-support.ts'

t.test('successful verifications are cached by token', async t => {
  const verifier = createTokenVerifier(hsConfig())
  const token = await signToken({ sub: 's', partner_id: 'acme' })
  const first = await verifier.verify(token)
  t.equal(await verifier.verify(token), first, 'the same principal object: no second verification')
})

t.test('failures throw a 401 TmfError', async t => {
  const verifier = createTokenVerifier(hsConfig())
  await t.rejects(verifier.verify('x.y.z'), { name: 'TmfError', statusCode: 401 })
})

t.test('devIssueToken round-trips through the verifier of the same config', async t => {
  const config = authConfigFromEnv({}, 'embedded')
  const verifier = createTokenVerifier(config)
  t.same(await verifier.verify(await devIssueToken(config, 'acme')), { subject: 'acme', partnerId: 'acme', roles: ['partner'], isOperator: false, anonymous: false })
  t.same(await verifier.verify(await devIssueToken(config, 'operator')), { subject: 'operator', partnerId: null, roles: ['operator'], isOperator: true, anonymous: false })
})

t.test('dev tokens follow a custom partner claim', async t => {
  const config = authConfigFromEnv({ AUTH_PARTNER_CLAIM: 'org' }, 'embedded')
  t.equal((await createTokenVerifier(config).verify(await devIssueToken(config, 'acme'))).partnerId, 'acme')
})

t.test('dev tokens from another secret are refused', async t => {
  const token = await devIssueToken({ mode: 'embedded', hs256Secret: 'one-secret' }, 'acme')
  await t.rejects(createTokenVerifier({ mode: 'embedded', hs256Secret: 'other-secret' }).verify(token), { name: 'TmfError', statusCode: 401 })
})

t.test('devIssueToken refuses what it cannot sign', async t => {
  await t.rejects(devIssueToken({ mode: 'production', jwksUrl: 'https://idp.example.test/certs' }, 'acme'), /HS256 secret/)
  await t.rejects(devIssueToken({ mode: 'embedded' }, ''), /client id/)
  await t.rejects(devIssueToken({ mode: 'embedded', devTokenTtlSeconds: 0 }, 'acme'), /devTokenTtlSeconds/)
})

t.test('a verifier without keys cannot be created in production', async t => {
  t.throws(() => createTokenVerifier({ mode: 'production' }), /AUTH_JWT_SECRET or AUTH_JWKS_URL/)
})
