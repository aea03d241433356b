import t from 'tap'
import { appConfigSchema, ConfigError, cxConfigSchema, loadConfig, workerConfigSchema } from './index.ts'

const problemsOf = (env: NodeJS.ProcessEnv, schema = appConfigSchema): readonly string[] => {
  try {
    loadConfig(schema, env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

t.test('defaults: embedded without DATABASE_URL, bound to the loopback interface', async (t) => {
  const c = loadConfig(appConfigSchema, {})
  t.equal(c.CX_MODE, 'embedded')
  t.equal(c.HOST, '127.0.0.1', 'a laptop\'s dev issuer does not face the network')
  t.equal(c.LOG_LEVEL, 'warn')
  t.equal(c.PORT, 8080)
  t.equal(c.DEFAULT_PAGE_LIMIT, 20)
  t.equal(c.MAX_PAGE_LIMIT, 1000)
  t.equal(c.RUN_WORKERS, true)
  t.equal(c.STRICT_FIELDS, false)
  t.equal(loadConfig(appConfigSchema, { HOST: '0.0.0.0' }).HOST, '0.0.0.0', 'unless HOST says otherwise')
})

t.test('production with DATABASE_URL: every interface, info logs', async (t) => {
  const c = loadConfig(appConfigSchema, { DATABASE_URL: 'postgres://db/cx', AUTH_JWT_SECRET: 'x'.repeat(32) })
  t.equal(c.CX_MODE, 'production')
  t.equal(c.HOST, '0.0.0.0')
  t.equal(c.LOG_LEVEL, 'info')
  t.equal(c.DATABASE_URL, 'postgres://db/cx')
})

t.test('an unknown CX_MODE refuses to start, naming the allowed values', async (t) => {
  t.same(problemsOf({ CX_MODE: 'prod' }), ['CX_MODE must be one of embedded, production, got "prod"'])
  t.throws(() => loadConfig(appConfigSchema, { CX_MODE: 'Embedded' }), ConfigError, 'case matters')
})

t.test('HS256 secrets shorter than 32 bytes are refused outside embedded mode (RFC 7518 §3.2)', async (t) => {
  t.match(problemsOf({ CX_MODE: 'production', AUTH_JWT_SECRET: 'change-me' }), [/AUTH_JWT_SECRET must be at least 32 bytes.*got 9/])
  t.same(problemsOf({ CX_MODE: 'production', AUTH_JWT_SECRET: 'é'.repeat(16) }), [], '32 bytes in UTF-8 is enough')
  t.match(problemsOf({ CX_MODE: 'production', AUTH_JWT_SECRET: 'x'.repeat(31) }), [/got 31/])
  t.same(problemsOf({ CX_MODE: 'embedded', AUTH_JWT_SECRET: 'short' }), [], 'embedded mode is a laptop')
  t.notMatch(problemsOf({ CX_MODE: 'production', AUTH_JWT_SECRET: 'secret-value' }).join(), /secret-value/, 'the secret is not echoed')
})

t.test('numbers and booleans are parsed strictly; limits are positive', async (t) => {
  t.same(problemsOf({ PORT: '0x1F90', DB_POOL_SIZE: '1e1', HUB_TIMEOUT_MS: ' 5000' }), [
    'PORT must be a decimal integer, got "0x1F90"',
    'DB_POOL_SIZE must be a decimal integer, got "1e1"',
    'HUB_TIMEOUT_MS must be a decimal integer, got " 5000"'
  ])
  t.match(problemsOf({ RUN_WORKERS: 'yes', STRICT_FIELDS: '1' }), [/RUN_WORKERS must be boolean, got "yes"/, /STRICT_FIELDS must be boolean, got "1"/])
  const many = problemsOf({ MAX_PAGE_LIMIT: '0', BODY_LIMIT_BYTES: '-1', HUB_CONCURRENCY: '2.5' })
  t.equal(many.length, 3, 'every problem is reported at once')
  t.ok(many.includes('HUB_CONCURRENCY must be a decimal integer, got "2.5"'))
  t.ok(many.includes('MAX_PAGE_LIMIT must be >= 1, got "0"'))
  t.ok(many.includes('BODY_LIMIT_BYTES must be >= 1, got "-1"'))
  t.match(problemsOf({ PORT: '70000' }), [/PORT must be <= 65535/])
  const c = loadConfig(appConfigSchema, { RUN_WORKERS: 'false', STRICT_FIELDS: 'true', PORT: '0', DB_POOL_SIZE: '25' })
  t.same([c.RUN_WORKERS, c.STRICT_FIELDS, c.PORT, c.DB_POOL_SIZE], [false, true, 0, 25])
})

t.test('the default page size may not exceed the maximum', async (t) => {
  t.same(problemsOf({ DEFAULT_PAGE_LIMIT: '50', MAX_PAGE_LIMIT: '10' }), ['DEFAULT_PAGE_LIMIT (50) must not exceed MAX_PAGE_LIMIT (10)'])
  t.same(problemsOf({ DEFAULT_PAGE_LIMIT: '10', MAX_PAGE_LIMIT: '10' }), [])
})

t.test('URLs are checked by scheme; an empty value means unset', async (t) => {
  t.match(problemsOf({ DATABASE_URL: 'mysql://x' }), [/DATABASE_URL must match pattern/])
  t.match(problemsOf({ REDIS_URL: 'localhost:6379' }), [/REDIS_URL must match pattern/])
  t.match(problemsOf({ AUTH_JWKS_URL: 'file:///etc/keys' }), [/AUTH_JWKS_URL must match pattern/])
  const c = loadConfig(appConfigSchema, { DATABASE_URL: '', REDIS_URL: '' })
  t.equal(c.DATABASE_URL, undefined)
  t.equal(c.CX_MODE, 'embedded')
})

t.test('each process has its own schema', async (t) => {
  const cx = problemsOf({ CX_CHECK_INTERVAL_MS: '0', CX_HUB_SECRET: 'short' }, cxConfigSchema)
  t.equal(cx.length, 2)
  t.ok(cx.includes('CX_CHECK_INTERVAL_MS must be >= 1, got "0"'))
  t.ok(cx.includes('CX_HUB_SECRET must NOT have fewer than 16 characters'), 'a secret is not echoed')
  t.same(problemsOf({ CX_CHECK_INTERVAL_MS: '0' }), [], 'a resource service does not read cx settings')
  const w = loadConfig(workerConfigSchema, { DATABASE_URL: 'postgres://db/cx', REDIS_URL: 'redis://r:6379', REDIS_CLUSTER: 'true', MAX_PAGE_LIMIT: 'x' })
  t.equal(w.REDIS_CLUSTER, true)
  t.notOk('MAX_PAGE_LIMIT' in w, 'the worker ignores API settings')
})
