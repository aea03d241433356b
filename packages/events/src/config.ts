import { callbackPolicyFromEnv, type CallbackPolicy } from './callback-policy.ts'

export interface DeliveryConfig {
  /** Attempts per delivery before it becomes a dead letter (HUB_MAX_ATTEMPTS). */
  maxAttempts: number
  /** First retry delay; doubles on each attempt, with jitter (HUB_RETRY_BASE_MS). */
  retryBaseMs: number
  /** Per-attempt timeout, connection to last response byte (HUB_TIMEOUT_MS). */
  timeoutMs: number
  policy: CallbackPolicy
  /** Told about every attempt, for metrics (the engine's Prometheus histograms); optional. */
  observer?: DeliveryObserver | undefined
}

/**
 * What a delivery worker reports after each attempt, never inside a transaction.
 * `seconds`: how long the POST took; `lagSeconds`: from the event's commit to the attempt's end.
 */
export interface DeliveryObserver {
  attempted: (result: { ok: boolean, seconds: number, lagSeconds: number }) => void
}

// Past this a retry is not a back-off any more but a different outage; keeps a large
// HUB_MAX_ATTEMPTS from scheduling retries weeks ahead.
const MAX_RETRY_DELAY_MS = 6 * 60 * 60 * 1000

function positiveInt (env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`)
  return n
}

export function deliveryConfigFromEnv (env: NodeJS.ProcessEnv, mode: 'embedded' | 'production'): DeliveryConfig {
  return {
    maxAttempts: positiveInt(env, 'HUB_MAX_ATTEMPTS', 10),
    retryBaseMs: positiveInt(env, 'HUB_RETRY_BASE_MS', 1000),
    timeoutMs: positiveInt(env, 'HUB_TIMEOUT_MS', 5000),
    policy: callbackPolicyFromEnv(env, mode)
  }
}

/**
 * Delay before attempt `attempt + 1`, after `attempt` failed ones (attempt ≥ 1): exponential with
 * "equal jitter" — half the step is fixed so retries never collapse to zero, the other half is
 * random so a recovering subscriber is not hit by every failed delivery at the same instant.
 */
export function retryDelayMs (config: Pick<DeliveryConfig, 'retryBaseMs'>, attempt: number, random: () => number = Math.random): number {
  const step = Math.min(config.retryBaseMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS)
  return Math.round(step / 2 + random() * step / 2)
}
