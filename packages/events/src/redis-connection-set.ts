import type { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis'
import { redisConnection, redisRetryStrategy } from './redis-connection.ts'

type Client = Redis | Cluster
type Settings = RedisOptions & Pick<ClusterOptions, 'enableOfflineQueue'>

/**
 * The Redis connections of one component (a queue with its workers, a scheduler), closed
 * together so a process stopping while Redis is unreachable still exits.
 */
export interface RedisConnectionSet {
  /** A connection (see redisConnection); the connections BullMQ duplicates from it join the set. */
  open: (settings: Settings) => Client
  /**
   * Stops every reconnection, runs `graceful` (the caller's bounded BullMQ closes), then cuts
   * every connection of the set. Resolves within about `settleMs` plus what `graceful` takes.
   */
  close: (graceful: () => Promise<void>) => Promise<void>
}

/**
 * Why this exists: ioredis's `disconnect()` on a connection waiting to reconnect cancels the retry
 * but never emits 'end', and BullMQ's worker close waits for that 'end' on its blocking
 * connection; its lock-renewal timer then keeps the process alive forever. So at close the retry
 * strategy of every connection (duplicates share the options, hence the strategy) answers "stop":
 * a connection waiting to reconnect ends at its next attempt (within the ≤ 1 s retry delay), and
 * BullMQ's close finds it 'end' instead of 'reconnecting'.
 * @param settleMs how long close waits for waiting connections to end before `graceful`.
 */
export function redisConnectionSet (redisUrl: string, cluster: boolean, settleMs = 2000): RedisConnectionSet {
  const members = new Set<Client>()
  let stopping = false

  function track (client: Client): Client {
    members.add(client)
    // BullMQ's Worker duplicates the connection it is given (a main and a blocking one) and owns
    // the copies; track them too, so none is left reconnecting after close.
    const original = client.duplicate.bind(client) as (...args: unknown[]) => Client
    ;(client as unknown as { duplicate: (...args: unknown[]) => Client }).duplicate = (...args) => track(original(...args))
    return client
  }

  async function settled (): Promise<void> {
    const until = Date.now() + settleMs
    while ([...members].some((c) => c.status === 'reconnecting') && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  return {
    open (settings) {
      const retry = settings.retryStrategy ?? redisRetryStrategy
      return track(redisConnection(redisUrl, cluster, { ...settings, retryStrategy: (times) => stopping ? null : retry(times) }))
    },
    async close (graceful) {
      stopping = true
      await settled()
      try {
        await graceful()
      } finally {
        // disconnect() cancels any pending reconnection and closes the socket, whatever the state.
        for (const client of members) client.disconnect()
      }
    }
  }
}

/**
 * Waits for `p` at most `ms` (its rejection ignored): shutdown steps that talk to Redis must not
 * wait for a Redis that is not there.
 */
export async function settleWithin (p: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (p === undefined) return
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    p.catch(() => {}),
    new Promise<void>((resolve) => { timer = setTimeout(resolve, ms) })
  ])
  clearTimeout(timer)
}

/** Closes a standalone client: QUIT when Redis answers within `ms`, then the socket is cut either way. */
export async function quitWithin (client: Client, ms = 1000): Promise<void> {
  await settleWithin(client.quit(), ms)
  client.disconnect()
}
