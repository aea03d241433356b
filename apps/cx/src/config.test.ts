import t from 'tap'
import { TEST_AUTH } from '@cx/test-kit'
import { cxOptionsFromEnv } from './config.ts'

t.test('cx settings from the environment', async (t) => {
  t.throws(() => cxOptionsFromEnv({}, 'production', TEST_AUTH), /CX_HUB_SECRET/, 'production needs a hub secret')
  t.throws(() => cxOptionsFromEnv({ CX_HUB_SECRET: 'short' }, 'production', TEST_AUTH), /at least 16/)
  t.throws(() => cxOptionsFromEnv({ CX_HUB_SECRET: 'x'.repeat(20) }, 'production', TEST_AUTH), /CX_TOKEN_URL/, 'and credentials for the sources')
  t.throws(() => cxOptionsFromEnv({ CX_HUB_SECRET: 'x'.repeat(20), CX_TOKEN_URL: 'http://idp/token' }, 'production', TEST_AUTH), /CX_CLIENT_ID/)
  t.throws(() => cxOptionsFromEnv({ CX_HUB_SECRET: 'x'.repeat(20), CX_SOURCE_TOKEN: 't', CX_SOURCE_ORIGINS: 'ftp://x' }, 'production', TEST_AUTH), /http\(s\)/)
  t.throws(() => cxOptionsFromEnv({ CX_HUB_SECRET: 'x'.repeat(20), CX_SOURCE_TOKEN: 't', CX_SOURCE_ORIGINS: 'tickets=http://a:1' }, 'production', TEST_AUTH), /unknown source/)
  t.throws(() => cxOptionsFromEnv({ CX_HUB_SECRET: 'x'.repeat(20), CX_SOURCE_TOKEN: 't', CX_CHECK_INTERVAL_MS: '0' }, 'production', TEST_AUTH), /positive integer/)

  const opts = cxOptionsFromEnv({
    CX_HUB_SECRET: 'x'.repeat(20),
    CX_SOURCE_TOKEN: 'fixed',
    CX_SOURCE_ORIGINS: 'customer=http://c:1, troubleTicket=https://t:2',
    CX_CALLBACK_BASE: 'http://cx:8080',
    CX_CHECK_INTERVAL_MS: '1500'
  }, 'production', TEST_AUTH)
  t.same(opts.sourceOrigins, { customer: 'http://c:1', troubleTicket: 'https://t:2' })
  t.equal(opts.token, 'fixed')
  t.equal(opts.callbackBase, 'http://cx:8080')
  t.equal(opts.checkIntervalMs, 1500)

  const embedded = cxOptionsFromEnv({}, 'embedded', { ...TEST_AUTH, mode: 'embedded' })
  t.ok(embedded.hubSecret.length >= 16, 'embedded mode has a dev secret')
  t.equal(typeof embedded.token, 'function', 'and mints its own operator token')
  t.match(await (embedded.token as () => Promise<string>)(), /^ey/)
})
