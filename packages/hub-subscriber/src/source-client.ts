import { pageCounts, type TmfClientOptions } from '@cx/clients'

export type Doc = Record<string, unknown>

/** What a subscriber asks of one source service, over its REST API and hub. */
export interface SourceClient {
  /**
   * One page of the collection changed since `since` (inclusive: `lastUpdate.gte`), oldest change
   * first, `offset` items into that order. `total` is X-Total-Count (undefined when not sent).
   */
  page: (since: string | null, offset: number, limit: number) => Promise<{ items: Doc[], total: number | undefined }>
  /** Registers a signed hub subscription; returns its id. */
  subscribe: (callback: string, query: string, secret: string) => Promise<string>
  /** The subscription's delivery health, or undefined when it no longer exists (404). */
  hub: (id: string) => Promise<{ flagged: boolean, deadLettered: number } | undefined>
  /** Replays the subscription's dead letters (operator tool); returns how many. */
  replayDeadLetters: (id: string) => Promise<number>
  /** Removes a subscription (gone already is fine). */
  unsubscribe: (id: string) => Promise<void>
}

/** A source answered something other than success; `status` is null when it could not be reached. */
export class SourceUnavailableError extends Error {
  constructor (readonly source: string, readonly status: number | null, detail: string) {
    super(`${source}: ${status === null ? 'unreachable' : `HTTP ${status}`} ${detail}`.trim())
    this.name = 'SourceUnavailableError'
  }
}

// The typed clients differ only in their path literals; the calls below use the paths every TMF
// root shares (collection, hub, dead letters), so one shape serves every generated client.
interface Call { data?: unknown, error?: unknown, response: Response }
interface LooseClient {
  GET: (path: string, init?: unknown) => Promise<Call>
  POST: (path: string, init?: unknown) => Promise<Call>
  DELETE: (path: string, init?: unknown) => Promise<Call>
}

/** Where a source lives and which of its collections is followed. */
export interface SourceTarget {
  /** The source's name in errors and logs. */
  name: string
  /** The API root path, e.g. `/tmf-api/troubleTicket/v5`. */
  root: string
  /** The collection path segment, e.g. `troubleTicket`. */
  collection: string
  /** The generated client factory of that API (@cx/clients), e.g. createTroubleTicketV5Client. */
  factory: (o: TmfClientOptions) => unknown
}

/**
 * A SourceClient over the generated typed client of the source's API (@cx/clients). `origin` is
 * the service's scheme://host:port; `token` the operator token source (client credentials).
 */
export function createSourceClient (target: SourceTarget, opts: Omit<TmfClientOptions, 'baseUrl'> & { origin: string }): SourceClient {
  const { origin, ...rest } = opts
  const client = target.factory({ ...rest, baseUrl: `${origin.replace(/\/+$/, '')}${target.root}` }) as LooseClient
  const call = async (what: string, run: () => Promise<Call>): Promise<Call> => {
    try {
      return await run()
    } catch (err) {
      throw new SourceUnavailableError(target.name, null, `${what}: ${(err as Error).message}`)
    }
  }
  const fail = (what: string, res: Call): never => {
    throw new SourceUnavailableError(target.name, res.response.status, `${what}: ${JSON.stringify(res.error ?? '').slice(0, 200)}`)
  }
  return {
    async page (since, offset, limit) {
      // lastUpdate then id: a total order, so offset paging within one `since` is stable.
      const query: Record<string, string | number> = { sort: 'lastUpdate,id', offset, limit }
      if (since !== null) query['lastUpdate.gte'] = since
      const res = await call('list', async () => await client.GET(`/${target.collection}`, { params: { query } }))
      if (!res.response.ok) fail('list', res)
      const items = Array.isArray(res.data) ? res.data as Doc[] : []
      return { items, total: pageCounts(res.response).total }
    },
    async subscribe (callback, query, secret) {
      const res = await call('subscribe', async () => await client.POST('/hub', { body: { '@type': 'Hub', callback, query, secret } }))
      if (!res.response.ok) fail('subscribe', res)
      return String((res.data as { id: string }).id)
    },
    async hub (id) {
      const res = await call('hub', async () => await client.GET('/hub/{id}', { params: { path: { id } } }))
      if (res.response.status === 404) return undefined
      if (!res.response.ok) fail('hub', res)
      const stats = (res.data as { deliveryStats?: { flagged?: boolean, deadLettered?: number } }).deliveryStats ?? {}
      return { flagged: stats.flagged === true, deadLettered: stats.deadLettered ?? 0 }
    },
    async replayDeadLetters (id) {
      const res = await call('replay', async () => await client.POST('/hub/deadLetter/replay', { body: { subscriptionId: id } }))
      if (!res.response.ok) fail('replay', res)
      return Number((res.data as { replayed?: number }).replayed ?? 0)
    },
    async unsubscribe (id) {
      const res = await call('unsubscribe', async () => await client.DELETE('/hub/{id}', { params: { path: { id } } }))
      if (!res.response.ok && res.response.status !== 404) fail('unsubscribe', res)
    }
  }
}
