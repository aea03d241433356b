/** A background task that never runs twice at once; a run requested while one is going queues exactly one more. */
export interface Ticker {
  run: () => void
  /** Also run every `ms` (unref'd timer), backing off while the task keeps failing; returns this ticker for stop(). */
  every: (ms: number) => Ticker
  stop: () => void
  /** Resolves when no run is in progress. */
  idle: () => Promise<void>
}

export interface TickerHandlers {
  /** A run failed; `failures` counts consecutive failures (1 for the first of an outage). */
  onError: (err: unknown, failures: number) => void
  /** A run succeeded after `failures` consecutive failures: whatever it depends on is back. */
  onRecovered?: (failures: number) => void
}

/** Longest pause between scheduled runs of a failing task. */
export const MAX_BACKOFF_MS = 5000

/**
 * `task` as a ticker. While it keeps failing (the database away, say), scheduled runs back off
 * exponentially from the interval up to MAX_BACKOFF_MS, so an outage costs a few attempts rather
 * than one per interval; explicit run() calls (a write just committed: the database is back) are
 * never held back. A task's error never escapes: it goes to onError.
 */
export function createTicker (task: () => Promise<void>, handlers: TickerHandlers | ((err: unknown, failures: number) => void)): Ticker {
  const { onError, onRecovered } = typeof handlers === 'function' ? { onError: handlers, onRecovered: undefined } : handlers
  let running: Promise<void> | undefined
  let again = false
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let failures = 0
  let resumeAt = 0
  let intervalMs = 0

  function run (): void {
    if (stopped) return
    if (running !== undefined) { again = true; return }
    running = (async () => {
      for (;;) {
        again = false
        try {
          await task()
          if (failures > 0) {
            const after = failures
            failures = 0
            resumeAt = 0
            onRecovered?.(after)
          }
        } catch (err) {
          failures++
          resumeAt = Date.now() + Math.min(intervalMs * 2 ** (failures - 1), MAX_BACKOFF_MS)
          onError(err, failures)
        }
        if (!again || stopped) break
      }
    })().finally(() => { running = undefined })
  }

  const ticker: Ticker = {
    run,
    every (ms) {
      intervalMs = ms
      timer = setInterval(() => { if (Date.now() >= resumeAt) run() }, ms)
      timer.unref()
      return ticker
    },
    stop () {
      stopped = true
      if (timer !== undefined) clearInterval(timer)
    },
    async idle () {
      for (let r = running; r !== undefined; r = running) await r
    }
  }
  return ticker
}
