import type { Db } from '@cx/store'
import { secretFingerprint } from '../inbox.ts'
import { backfill } from './backfill.ts'
import { SourceUnavailableError, type SourceClient } from './source-client.ts'
import { subscriptionQuery, type SourceSpec } from './source-specs.ts'

export interface SyncLogger {
  info: (obj: object, msg: string) => void
  warn: (obj: object, msg: string) => void
  error: (obj: object, msg: string) => void
}

export interface SourceSyncOptions {
  db: Db
  sources: ReadonlyArray<{ spec: SourceSpec, client: SourceClient }>
  /** Absolute URL prefix the sources call back, e.g. http://cx:8080 (the listener path is appended). */
  callbackBase: string
  secret: string
  /** How often subscriptions are checked (flagged, lost) and failed sources retried, in ms. */
  checkIntervalMs: number
  log: SyncLogger
  now?: () => Date
  /** Called after a back-fill page committed (wakes the relay for the Customer360 events). */
  onChange?: () => void
}

type Status = 'live' | 'backfilling' | 'unavailable'

/** The listener path of a source on the cx app. */
export const listenerPath = (spec: SourceSpec): string => `/cx/listener/${spec.name}`

/**
 * Keeps the read model complete: for each source, a signed hub subscription (made once, remade
 * when it is lost or was made with another secret) and a back-fill from the watermark on start and
 * after every gap (a subscription lost or flagged, dead letters, the source unreachable). One
 * source failing never stops the others; a failed source is retried at the next check.
 */
export class SourceSync {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private stopped = false
  private readonly now: () => Date

  constructor (private readonly opts: SourceSyncOptions) {
    this.now = opts.now ?? (() => new Date())
  }

  /** Syncs every source once (subscribe + back-fill), then checks them every checkIntervalMs. */
  async start (): Promise<void> {
    await this.syncAll(true)
    this.schedule()
  }

  /** One round over every source; `full` back-fills even a healthy one (start-up: cx may have been down). */
  async syncAll (full: boolean): Promise<void> {
    // One round at a time; a caller arriving during a round waits for it, then runs its own.
    while (this.running !== undefined) await this.running
    this.running = (async () => {
      for (const s of this.opts.sources) {
        if (this.stopped) return
        await this.syncOne(s.spec, s.client, full)
      }
    })()
    try { await this.running } finally { this.running = undefined }
  }

  async stop (): Promise<void> {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    await this.running
  }

  private schedule (): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.syncAll(false).catch((err: unknown) => this.opts.log.error({ err }, 'cx source check failed')).finally(() => this.schedule())
    }, this.opts.checkIntervalMs)
    this.timer.unref()
  }

  private async syncOne (spec: SourceSpec, client: SourceClient, full: boolean): Promise<void> {
    const { db, log } = this.opts
    await db.query("INSERT INTO cx_source (source, status) VALUES ($1, 'backfilling') ON CONFLICT (source) DO NOTHING", [spec.name])
    const row = (await db.query<{ subscription_id: string | null, secret_fingerprint: string | null, callback: string | null, status: Status }>(
      'SELECT subscription_id, secret_fingerprint, callback, status FROM cx_source WHERE source = $1', [spec.name])).rows[0]
    const callback = `${this.opts.callbackBase.replace(/\/+$/, '')}${listenerPath(spec)}`
    try {
      let gap = full || row?.status !== 'live'
      const fingerprint = secretFingerprint(this.opts.secret)
      let subscriptionId = row?.subscription_id ?? null
      if (subscriptionId !== null) {
        const health = await client.hub(subscriptionId)
        if (health === undefined || row?.secret_fingerprint !== fingerprint || row.callback !== callback) {
          // Lost (deleted at the source), signed with a secret cx no longer has, or calling an
          // address cx no longer listens on: start over.
          log.warn({ source: spec.name, subscriptionId, lost: health === undefined }, 'cx subscription replaced')
          if (health !== undefined) await client.unsubscribe(subscriptionId)
          subscriptionId = null
        } else if (health.flagged || health.deadLettered > 0) {
          // Deliveries failed for good while cx was away: let the source retry them, and back-fill.
          const replayed = await client.replayDeadLetters(subscriptionId)
          log.warn({ source: spec.name, replayed, flagged: health.flagged }, 'cx subscription had failed deliveries')
          gap = true
        }
      }
      if (subscriptionId === null) {
        subscriptionId = await client.subscribe(callback, subscriptionQuery(spec), this.opts.secret)
        // Not live at the new callback until back-filled: one statement, so no reader sees a
        // source live at an address it has not caught up through yet.
        await db.query("UPDATE cx_source SET subscription_id = $2, secret_fingerprint = $3, callback = $4, status = 'backfilling' WHERE source = $1", [spec.name, subscriptionId, fingerprint, callback])
        gap = true
      }
      if (!gap) return
      await this.setStatus(spec, 'backfilling', null)
      const applied = await backfill(db, spec, client, { now: this.now, ...(this.opts.onChange === undefined ? {} : { onPage: this.opts.onChange }) })
      await this.setStatus(spec, 'live', null)
      log.info({ source: spec.name, applied }, 'cx source back-filled')
    } catch (err) {
      if (!(err instanceof SourceUnavailableError)) log.error({ err, source: spec.name }, 'cx source sync failed')
      else log.warn({ source: spec.name, err: err.message }, 'cx source unavailable')
      await this.setStatus(spec, 'unavailable', (err as Error).message).catch(() => {})
    }
  }

  private async setStatus (spec: SourceSpec, status: Status, error: string | null): Promise<void> {
    await this.opts.db.query('UPDATE cx_source SET status = $2, last_error = $3 WHERE source = $1', [spec.name, status, error])
  }
}
