import t from 'tap'
import { createVerificationCache } from './verify-cache.ts'

t.test('entries expire at the token expiry or the max age, whichever is first', async t => {
  let now = 1_000
  const cache = createVerificationCache<string>({ maxEntries: 10, maxAgeMs: 500, now: () => now })
  cache.set('short', 'a', 1_100)
  cache.set('long', 'b', 9_999)
  t.equal(cache.get('short'), 'a')
  now = 1_100
  t.equal(cache.get('short'), undefined, 'expired at exp')
  t.equal(cache.get('long'), 'b')
  now = 1_500
  t.equal(cache.get('long'), undefined, 'expired at max age')
  t.equal(cache.size, 0, 'expired entries are dropped when seen')
})

t.test('already expired values are not stored', async t => {
  const cache = createVerificationCache<string>({ maxEntries: 10, maxAgeMs: 500, now: () => 1_000 })
  cache.set('gone', 'x', 999)
  t.equal(cache.size, 0)
})

t.test('bounded: the least recently used entry leaves first', async t => {
  const cache = createVerificationCache<number>({ maxEntries: 2, maxAgeMs: 60_000, now: () => 0 })
  cache.set('a', 1, 10_000)
  cache.set('b', 2, 10_000)
  t.equal(cache.get('a'), 1, 'touch a, so b is now the oldest')
  cache.set('c', 3, 10_000)
  t.equal(cache.size, 2)
  t.equal(cache.get('b'), undefined)
  t.equal(cache.get('a'), 1)
  t.equal(cache.get('c'), 3)
})
