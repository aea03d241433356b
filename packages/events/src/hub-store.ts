import { randomUUID } from 'node:crypto'
import type { Queryable } from '@cx/store'

export interface HubStats {
  delivered: number
  failed: number
  deadLettered: number
  lastError: string | null
  lastErrorAt: string | null
  flagged: boolean
}

/**
 * The Extensible attributes a subscriber sent (TMF630 v5 Hub_FVO extends Extensible): kept and
 * returned as given. `@type` is `Hub` unless the subscriber names a subclass.
 */
export interface HubExtensible {
  '@type'?: string
  '@baseType'?: string
  '@schemaLocation'?: string
}

export interface HubSubscription {
  id: string
  api: string
  version: string
  callback: string
  query: string | null
  ownerPartner: string | null
  /** The secret itself is write-only: it signs deliveries and is never read back out. */
  hasSecret: boolean
  extensible: HubExtensible
  createdAt: string
  stats: HubStats
}

export interface HubStore {
  create: (input: { api: string, version: string, callback: string, query: string | null, ownerPartner: string | null, secret: string | null, extensible?: HubExtensible }) => Promise<HubSubscription>
  get: (id: string) => Promise<HubSubscription | undefined>
  /** ownerPartner null lists every subscription of the API (operator); otherwise only that partner's. */
  list: (api: string, ownerPartner: string | null) => Promise<HubSubscription[]>
  delete: (id: string) => Promise<boolean>
}

interface HubRow {
  id: string
  api: string
  version: string
  callback: string
  query: string | null
  owner_partner: string | null
  has_secret: boolean
  extensible: HubExtensible | string | null
  created_at: string
  delivered_count: string | number
  failed_count: string | number
  dead_count: string | number
  last_error: string | null
  last_error_at: string | null
  flagged: boolean
}

// The secret column is never selected, only whether there is one.
const COLUMNS = `id, api, version, callback, query, owner_partner, (secret IS NOT NULL) AS has_secret, extensible, created_at,
  delivered_count, failed_count, dead_count, last_error, last_error_at, flagged`

/** Both drivers hand timestamps over as PostgreSQL text; the API speaks RFC 3339. */
export function isoTime (value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString()
}

function toSubscription (r: HubRow): HubSubscription {
  return {
    id: r.id,
    api: r.api,
    version: r.version,
    callback: r.callback,
    query: r.query,
    ownerPartner: r.owner_partner,
    hasSecret: r.has_secret,
    extensible: typeof r.extensible === 'string' ? JSON.parse(r.extensible) as HubExtensible : r.extensible ?? {},
    createdAt: isoTime(r.created_at) ?? '',
    stats: {
      delivered: Number(r.delivered_count),
      failed: Number(r.failed_count),
      deadLettered: Number(r.dead_count),
      lastError: r.last_error,
      lastErrorAt: isoTime(r.last_error_at),
      flagged: r.flagged
    }
  }
}

/**
 * Subscriptions (cx_hub). Validation of the callback (assertCallbackAllowed) and of the query
 * (tmf-query parseFilter) happens at the HTTP edge before create() is called.
 */
export function createHubStore (db: Queryable): HubStore {
  return {
    async create (input) {
      const res = await db.query<HubRow>(
        `INSERT INTO cx_hub (id, api, version, callback, query, owner_partner, secret, extensible)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [randomUUID(), input.api, input.version, input.callback, input.query, input.ownerPartner, input.secret, input.extensible ?? {}]
      )
      const row = res.rows[0]
      if (row === undefined) throw new Error('hub insert returned no row')
      return toSubscription(row)
    },
    async get (id) {
      const res = await db.query<HubRow>(`SELECT ${COLUMNS} FROM cx_hub WHERE id = $1`, [id])
      const row = res.rows[0]
      return row === undefined ? undefined : toSubscription(row)
    },
    async list (api, ownerPartner) {
      const res = ownerPartner === null
        ? await db.query<HubRow>(`SELECT ${COLUMNS} FROM cx_hub WHERE api = $1 ORDER BY created_at, id`, [api])
        : await db.query<HubRow>(`SELECT ${COLUMNS} FROM cx_hub WHERE api = $1 AND owner_partner = $2 ORDER BY created_at, id`, [api, ownerPartner])
      return res.rows.map(toSubscription)
    },
    async delete (id) {
      // Pending deliveries go with it (ON DELETE CASCADE): nobody is listening for them any more.
      const res = await db.query<{ id: string }>('DELETE FROM cx_hub WHERE id = $1 RETURNING id', [id])
      return res.rows.length > 0
    }
  }
}
