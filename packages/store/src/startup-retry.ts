import { isConnectionError } from './connection-errors.ts'

export interface StartupRetryOptions {
  /** Keep trying for this long (ms) from the first attempt; 0 makes one attempt. */
  forMs: number
  /** What is being reached, for the log line ("PostgreSQL", "Redis"). */
  what: string
  logger?: { warn: (obj: object, msg: string) => void, info: (obj: object, msg: string) => void } | undefined
  /** Which errors are worth retrying (default: the store's connection errors, also as a `cause`). */
  retryable?: (err: unknown) => boolean
  /** First delay (ms, default 200), doubled per attempt up to `maxDelayMs` (default 5000). */
  baseDelayMs?: number
  maxDelayMs?: number
}

/** A connection error, or an error caused by one (StoreError, the 503 TmfError of storeUnavailable). */
export function causedByUnavailability (err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isConnectionError(e)) return true
  }
  return false
}

/**
 * Runs `attempt` until it succeeds, retrying failures that say "not reachable yet" with
 * exponential back-off, so a process started before its database or Redis (compose, Kubernetes)
 * waits for it instead of crash-looping. Other failures (a bad password, a failing migration) are
 * thrown at once: retrying cannot fix them.
 * @throws the last error once `forMs` has passed, or the first non-retryable one.
 */
export async function retryAtStartup<T> (attempt: () => Promise<T>, opts: StartupRetryOptions): Promise<T> {
  const retryable = opts.retryable ?? causedByUnavailability
  const started = Date.now()
  let delay = opts.baseDelayMs ?? 200
  for (let failures = 0; ; failures++) {
    try {
      const result = await attempt()
      if (failures > 0) opts.logger?.info({ failures }, `${opts.what} reachable; starting`)
      return result
    } catch (err) {
      const elapsed = Date.now() - started
      if (!retryable(err) || elapsed + delay > opts.forMs) throw err
      if (failures === 0) opts.logger?.warn({ err, retryForMs: opts.forMs }, `${opts.what} not reachable yet; retrying with back-off`)
      await new Promise((resolve) => setTimeout(resolve, delay))
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 5000)
    }
  }
}
