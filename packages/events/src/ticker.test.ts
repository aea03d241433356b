import t from 'tap'
import { waitUntil } from '@cx/test-kit'
import { createTicker, MAX_BACKOFF_MS } from './ticker.ts'

t.test('a failing task is reported with its consecutive failures, then its recovery; nothing escapes', async (t) => {
  let calls = 0
  const failures: number[] = []
  let recoveredAfter = 0
  const ticker = createTicker(async () => {
    calls++
    if (calls <= 3) throw new Error(`down ${calls}`)
  }, { onError: (_err, n) => failures.push(n), onRecovered: (n) => { recoveredAfter = n } })
  for (let i = 0; i < 4; i++) {
    ticker.run()
    await ticker.idle()
  }
  t.same(failures, [1, 2, 3])
  t.equal(recoveredAfter, 3)
  ticker.stop()
})

t.test('scheduled runs of a failing task back off exponentially; explicit runs are never held back', async (t) => {
  const at: number[] = []
  const ticker = createTicker(async () => {
    at.push(Date.now())
    throw new Error('still down')
  }, () => {})
  t.teardown(() => ticker.stop())
  ticker.every(10)
  await waitUntil('five scheduled attempts', () => at.length >= 5)
  // Attempt n+1 may not start before 10 ms × 2^(n-1) after attempt n (it may start later).
  for (let n = 1; n < 5; n++) {
    const gap = (at[n] as number) - (at[n - 1] as number)
    t.ok(gap >= Math.min(10 * 2 ** (n - 1), MAX_BACKOFF_MS) - 1, `gap after failure ${n}: ${gap} ms`)
  }
  const before = at.length
  ticker.run()
  await ticker.idle()
  t.equal(at.length, before + 1, 'run() goes ahead during the back-off')
})
