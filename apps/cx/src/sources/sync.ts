import type { Db } from '@cx/store'
import { SourceSync as GenericSourceSync, type SourceClient, type SyncLogger } from '@cx/hub-subscriber'
import { backfill } from './backfill.ts'
import { subscriptionQuery, type SourceSpec } from './source-specs.ts'

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

/** The listener path of a source on the cx app. */
export const listenerPath = (spec: SourceSpec): string => `/cx/listener/${spec.name}`

/**
 * Keeps the read model complete: @cx/hub-subscriber's SourceSync over the cx_source table, each
 * source back-filled into the read model.
 */
export class SourceSync extends GenericSourceSync {
  constructor (opts: SourceSyncOptions) {
    const now = opts.now ?? (() => new Date())
    super({
      db: opts.db,
      stateTable: 'cx_source',
      label: 'cx',
      callbackBase: opts.callbackBase,
      secret: opts.secret,
      checkIntervalMs: opts.checkIntervalMs,
      log: opts.log,
      sources: opts.sources.map(({ spec, client }) => ({
        name: spec.name,
        client,
        query: subscriptionQuery(spec),
        listenerPath: listenerPath(spec),
        backfill: async () => await backfill(opts.db, spec, client, { now, ...(opts.onChange === undefined ? {} : { onPage: opts.onChange }) })
      }))
    })
  }
}
