/** A background task that never runs twice at once; a run requested while one is going queues exactly one more. */
export interface Ticker {
  run: () => void
  /** Also run every `ms` (unref'd timer); returns this ticker for stop(). */
  every: (ms: number) => Ticker
  stop: () => void
  /** Resolves when no run is in progress. */
  idle: () => Promise<void>
}

export function createTicker (task: () => Promise<void>, onError: (err: unknown) => void): Ticker {
  let running: Promise<void> | undefined
  let again = false
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  function run (): void {
    if (stopped) return
    if (running !== undefined) { again = true; return }
    running = (async () => {
      for (;;) {
        again = false
        try { await task() } catch (err) { onError(err) }
        if (!again || stopped) break
      }
    })().finally(() => { running = undefined })
  }

  const ticker: Ticker = {
    run,
    every (ms) {
      timer = setInterval(run, ms)
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
