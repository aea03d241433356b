import t from 'tap'
import { deliveryConfigFromEnv, retryDelayMs } from './config.ts'

t.test('delivery settings from the environment', async (t) => {
  t.same(deliveryConfigFromEnv({}, 'production'), { maxAttempts: 10, retryBaseMs: 1000, timeoutMs: 5000, policy: { mode: 'production', allowHosts: [] } })
  t.same(deliveryConfigFromEnv({ HUB_MAX_ATTEMPTS: '3', HUB_RETRY_BASE_MS: '250', HUB_TIMEOUT_MS: '800', HUB_CALLBACK_ALLOWLIST: 'a.local' }, 'embedded'),
    { maxAttempts: 3, retryBaseMs: 250, timeoutMs: 800, policy: { mode: 'embedded', allowHosts: ['a.local'] } })
  t.throws(() => deliveryConfigFromEnv({ HUB_MAX_ATTEMPTS: '0' }, 'production'), /HUB_MAX_ATTEMPTS/)
  t.throws(() => deliveryConfigFromEnv({ HUB_RETRY_BASE_MS: 'soon' }, 'production'), /HUB_RETRY_BASE_MS/)
})

t.test('exponential back-off with jitter', async (t) => {
  const c = { retryBaseMs: 1000 }
  t.equal(retryDelayMs(c, 1, () => 0), 500, 'half the step is fixed')
  t.equal(retryDelayMs(c, 1, () => 1), 1000)
  t.equal(retryDelayMs(c, 4, () => 0), 4000, 'doubles per attempt')
  t.equal(retryDelayMs(c, 4, () => 1), 8000)
  t.equal(retryDelayMs(c, 60, () => 1), 6 * 3600 * 1000, 'capped')
  const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(c, 3)))
  t.ok(spread.size > 10, 'jittered')
})
