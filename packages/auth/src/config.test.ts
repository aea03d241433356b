import t from 'tap'
import { authConfigFromEnv, hs256SecretOf } from './config.ts'

t.test('embedded defaults: fixed dev secret, dev issuer and audience', async t => {
  const config = authConfigFromEnv({}, 'embedded')
  t.equal(config.mode, 'embedded')
  t.equal(config.issuer, 'cx-suite-dev')
  t.equal(config.audience, 'cx-suite')
  t.type(config.hs256Secret, 'string')
  t.equal(authConfigFromEnv({}, 'embedded').hs256Secret, config.hs256Secret, 'same secret on every start, so tokens survive restarts')
  t.equal(config.jwksUrl, undefined)
})

t.test('reads every variable', async t => {
  const config = authConfigFromEnv({
    AUTH_JWT_SECRET: 's3cret',
    AUTH_JWKS_URL: 'https://idp.example.test/certs',
    AUTH_ISSUER: 'https://idp.example.test',
    AUTH_AUDIENCE: 'cx',
    AUTH_PARTNER_CLAIM: 'org',
    DEV_CLIENT_SECRET: 'letmein'
  }, 'production')
  t.same(config, {
    mode: 'production',
    hs256Secret: 's3cret',
    jwksUrl: 'https://idp.example.test/certs',
    issuer: 'https://idp.example.test',
    audience: 'cx',
    partnerClaim: 'org',
    devClientSecret: 'letmein'
  })
})

t.test('production has no dev defaults', async t => {
  t.same(authConfigFromEnv({ AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs' }, 'production'), { mode: 'production', jwksUrl: 'http://127.0.0.1:8080/certs' })
})

t.test('production without a secret or JWKS fails at start-up', async t => {
  t.throws(() => authConfigFromEnv({}, 'production'), /AUTH_JWT_SECRET or AUTH_JWKS_URL/)
  t.throws(() => authConfigFromEnv({ AUTH_JWT_SECRET: '', AUTH_JWKS_URL: '' }, 'production'), /AUTH_JWT_SECRET or AUTH_JWKS_URL/, 'empty counts as unset')
})

t.test('a JWKS URL that is not http(s) fails at start-up', async t => {
  t.throws(() => authConfigFromEnv({ AUTH_JWKS_URL: 'not a url' }, 'production'), /AUTH_JWKS_URL must be an http/)
  t.throws(() => authConfigFromEnv({ AUTH_JWKS_URL: 'file:///etc/keys.json' }, 'production'), /AUTH_JWKS_URL must be an http/)
})

t.test('embedded mode always has an HMAC secret, production only when configured', async t => {
  t.type(hs256SecretOf({ mode: 'embedded' }), 'string')
  t.equal(hs256SecretOf({ mode: 'embedded', hs256Secret: 'mine' }), 'mine')
  t.equal(hs256SecretOf({ mode: 'production' }), undefined)
})
