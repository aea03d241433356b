/** One delivery attempt to make: the row, its replay generation and which attempt this is. */
export interface DeliveryJob {
  deliveryId: string
  generation: number
  attempt: number
  /** How long to wait before the attempt (retry back-off); 0 = now. */
  delayMs: number
}

export type JobHandler = (job: DeliveryJob) => Promise<void>

/**
 * Where delivery work waits: BullMQ on Redis, or timers in this process. Either way the job id is
 * derived from (delivery, generation, attempt), so adding the same attempt twice is a no-op and
 * the sweeper can re-add whatever it believes lost without risking a double attempt.
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'local'
  add: (jobs: readonly DeliveryJob[]) => Promise<void>
  /** Starts consuming jobs with `handler` (no-op for a producer-only process). */
  startWorkers: (handler: JobHandler) => void
  /** Called when the transport comes back after an outage, so lost work can be re-driven at once. */
  onRecovered: (fn: () => void) => void
  close: () => Promise<void>
}

export function jobIdOf (job: Pick<DeliveryJob, 'deliveryId' | 'generation' | 'attempt'>): string {
  // BullMQ refuses integer-looking custom ids and ':' (its key separator).
  return `d${job.deliveryId}-${job.generation}-${job.attempt}`
}

export interface Logger {
  info: (obj: unknown, msg?: string) => void
  warn: (obj: unknown, msg?: string) => void
  error: (obj: unknown, msg?: string) => void
  debug: (obj: unknown, msg?: string) => void
}

export const silentLogger: Logger = { info () {}, warn () {}, error () {}, debug () {} }
