/** One delivery attempt to make: the row, its replay generation and which attempt this is. */
export interface DeliveryRef {
  deliveryId: string
  generation: number
  attempt: number
}

/**
 * A unit of queued work: usually one attempt; first attempts fanned out together for the same
 * subscription travel as one job of up to GROUP_SIZE, because per-job queue overhead (three Redis
 * scripts per job) would otherwise dominate the cost of a delivery.
 */
export interface DeliveryJob {
  refs: DeliveryRef[]
  /** How long to wait before the attempt (retry back-off); 0 = now. */
  delayMs: number
}

export const GROUP_SIZE = 50

export type JobHandler = (job: DeliveryJob) => Promise<void>

/**
 * Where delivery work waits: BullMQ on Redis, or timers in this process. Either way job ids are
 * deterministic (see jobIdOf), so the sweeper can re-add whatever it believes lost.
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'local'
  add: (jobs: readonly DeliveryJob[]) => Promise<void>
  /** Starts consuming jobs with `handler` (no-op for a producer-only process). */
  startWorkers: (handler: JobHandler) => void
  /** Called when the transport comes back after an outage, so lost work can be re-driven at once. */
  onRecovered: (fn: () => void) => void
  /**
   * Called when a job failed every one of its infrastructure retries (the database away while it
   * ran), so its rows can be handed back to the sweeper at once instead of after their lease.
   */
  onGaveUp: (fn: (job: DeliveryJob) => void) => void
  /** Whether the transport is reachable now (always true in process); read by /health/ready. */
  connected: () => boolean
  close: () => Promise<void>
}

export function singleJob (ref: DeliveryRef, delayMs = 0): DeliveryJob {
  return { refs: [ref], delayMs }
}

/** First attempts of one fan-out, grouped per subscription (a slow subscriber only holds up its own). */
export function groupedJobs (refs: ReadonlyArray<DeliveryRef & { subscriptionId: string }>): DeliveryJob[] {
  const bySub = new Map<string, DeliveryRef[]>()
  for (const r of refs) {
    const list = bySub.get(r.subscriptionId) ?? []
    list.push({ deliveryId: r.deliveryId, generation: r.generation, attempt: r.attempt })
    bySub.set(r.subscriptionId, list)
  }
  const jobs: DeliveryJob[] = []
  for (const list of bySub.values()) {
    for (let i = 0; i < list.length; i += GROUP_SIZE) jobs.push({ refs: list.slice(i, i + GROUP_SIZE), delayMs: 0 })
  }
  return jobs
}

/**
 * Deterministic job ids, so re-adding the same work is a no-op while the job exists. A single
 * attempt is named by (delivery, generation, attempt), which is what the sweeper re-adds; a group
 * by its first attempt and size. BullMQ refuses integer-looking custom ids and ':'.
 */
export function jobIdOf (job: DeliveryJob): string {
  const first = job.refs[0]
  if (first === undefined) throw new Error('empty delivery job')
  const base = `${first.deliveryId}-${first.generation}-${first.attempt}`
  return job.refs.length === 1 ? `d${base}` : `g${base}-n${job.refs.length}`
}

export function deliveryIdsOf (jobs: readonly DeliveryJob[]): string[] {
  return jobs.flatMap((j) => j.refs.map((r) => r.deliveryId))
}

export interface Logger {
  info: (obj: unknown, msg?: string) => void
  warn: (obj: unknown, msg?: string) => void
  error: (obj: unknown, msg?: string) => void
  debug: (obj: unknown, msg?: string) => void
}

export const silentLogger: Logger = { info () {}, warn () {}, error () {}, debug () {} }
