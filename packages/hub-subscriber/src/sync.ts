import { assertSafeIdentifier, type Db } from '@cx/store'
import { secretFingerprint } from './inbox.ts'
import { SourceUnavailableError, type SourceClient } from './source-client.ts'

export interface SyncLogger {
  info: (obj: object, msg: string) => void
  warn: (obj: object, msg: string) => void
  error: (obj: object, msg: string) => void
}

/** One followed source: its client, hub query, listener path and back-fill step. */
export interface FollowedSource {
  /** Source name, as in the state table. */
  name: string
  client: SourceClient
  /** The hub subscription query (TMF630 filter over events). */
  query: string
  /** Path of the subscriber's listener for this source, appended to callbackBase. */
  listenerPath: string
  /** Pages the source's list API from the stored watermark; returns the versions applied. */
  backfill: () => Promise<number>
}

export interface SourceSyncOptions {
  db: Db
  /** The state table (subscriberMigration's `{prefix}_source`, or one with the same columns). */
  stateTable: string
  sources: readonly FollowedSource[]
  /** Absolute URL prefix the sources call back, e.g. http://cx:8080 (the listener path is appended). */
  callbackBase: string
  secret: string
  /** How often subscriptions are checked (flagged, lost) and failed sources retried, in ms. */
  checkIntervalMs: number
  log: SyncLogger
  /** Log messages' prefix, e.g. `cx` or `sla`. */
  label: string
}

type Status = 'live' | 'backfilling' | 'unavailable'

/**
 * Keeps a subscriber complete: for each source, a signed hub subscription (made once, remade
 * when it is lost or was made with another secret or callback) and a back-fill from the watermark
 * on start and after every gap (a subscription lost or flagged, dead letters, the source
 * unreachable). One source failing never stops the others; a failed source is retried at the
 * next check.
 */
export class SourceSync {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private stopped = false
  private readonly table: string

  constructor (private readonly opts: SourceSyncOptions) {
    this.table = assertSafeIdentifier(opts.stateTable)
  }

  /** Syncs every source once (subscribe + back-fill), then checks them every checkIntervalMs. */
  async start (): Promise<void> {
    await this.syncAll(true)
    this.schedule()
  }

  /** One round over every source; `full` back-fills even a healthy one (start-up: the subscriber may have been down). */
  async syncAll (full: boolean): Promise<void> {
    // One round at a time; a caller arriving during a round waits for it, then runs its own.
    while (this.running !== undefined) await this.running
    this.running = (async () => {
      for (const s of this.opts.sources) {
        if (this.stopped) return
        await this.syncOne(s, full)
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
      this.syncAll(false).catch((err: unknown) => this.opts.log.error({ err }, `${this.opts.label} source check failed`)).finally(() => this.schedule())
    }, this.opts.checkIntervalMs)
    this.timer.unref()
  }

  private async syncOne (source: FollowedSource, full: boolean): Promise<void> {
    const { db, log, label } = this.opts
    const { client, name } = source
    await db.query(`INSERT INTO ${this.table} (source, status) VALUES ($1, 'backfilling') ON CONFLICT (source) DO NOTHING`, [name])
    const row = (await db.query<{ subscription_id: string | null, secret_fingerprint: string | null, callback: string | null, status: Status }>(
      `SELECT subscription_id, secret_fingerprint, callback, status FROM ${this.table} WHERE source = $1`, [name])).rows[0]
    const callback = `${this.opts.callbackBase.replace(/\/+$/, '')}${source.listenerPath}`
    try {
      let gap = full || row?.status !== 'live'
      const fingerprint = secretFingerprint(this.opts.secret)
      let subscriptionId = row?.subscription_id ?? null
      if (subscriptionId !== null) {
        const health = await client.hub(subscriptionId)
        if (health === undefined || row?.secret_fingerprint !== fingerprint || row.callback !== callback) {
          // Lost (deleted at the source), signed with a secret the subscriber no longer has, or
          // calling an address it no longer listens on: start over.
          log.warn({ source: name, subscriptionId, lost: health === undefined }, `${label} subscription replaced`)
          if (health !== undefined) await client.unsubscribe(subscriptionId)
          subscriptionId = null
        } else if (health.flagged || health.deadLettered > 0) {
          // Deliveries failed for good while the subscriber was away: let the source retry them, and back-fill.
          const replayed = await client.replayDeadLetters(subscriptionId)
          log.warn({ source: name, replayed, flagged: health.flagged }, `${label} subscription had failed deliveries`)
          gap = true
        }
      }
      if (subscriptionId === null) {
        subscriptionId = await client.subscribe(callback, source.query, this.opts.secret)
        // Not live at the new callback until back-filled: one statement, so no reader sees a
        // source live at an address it has not caught up through yet.
        await db.query(`UPDATE ${this.table} SET subscription_id = $2, secret_fingerprint = $3, callback = $4, status = 'backfilling' WHERE source = $1`, [name, subscriptionId, fingerprint, callback])
        gap = true
      }
      if (!gap) return
      await this.setStatus(name, 'backfilling', null)
      const applied = await source.backfill()
      await this.setStatus(name, 'live', null)
      log.info({ source: name, applied }, `${label} source back-filled`)
    } catch (err) {
      if (!(err instanceof SourceUnavailableError)) log.error({ err, source: name }, `${label} source sync failed`)
      else log.warn({ source: name, err: err.message }, `${label} source unavailable`)
      await this.setStatus(name, 'unavailable', (err as Error).message).catch(() => {})
    }
  }

  private async setStatus (name: string, status: Status, error: string | null): Promise<void> {
    await this.opts.db.query(`UPDATE ${this.table} SET status = $2, last_error = $3 WHERE source = $1`, [name, status, error])
  }
}
