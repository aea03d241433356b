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
   * every connection of the set. Takes what `graceful` takes.
   */
  close: (graceful: () => Promise<void>) => Promise<void>
}

/**
 * Why this exists: ioredis's `disconnect()` on a connection waiting to reconnect cancels the retry
 * but never emits 'end', and BullMQ's worker close waits for that 'end' on its blocking
 * connection; its lock-renewal timer then kept the process alive forever. So at close:
 * - the retry strategy of every connection (duplicates share the options, hence the strategy)
 *   answers "stop", so a connection waiting to reconnect ends, with 'end', at its next attempt
 *   (within the ≤ 1 s retry delay);
 * - until then a `disconnect()` (BullMQ's) of such a connection leaves that retry in place
 *   instead of cancelling it silently;
 * - after `graceful`, every connection is cut with ioredis's own disconnect, whatever its state.
 */
export function redisConnectionSet (redisUrl: string, cluster: boolean): RedisConnectionSet {
  const members = new Map<Client, (reconnect?: boolean) => void>()
  let stopping = false

  function track (client: Client): Client {
    const disconnect = client.disconnect.bind(client)
    members.set(client, disconnect)
    client.disconnect = (reconnect?: boolean): void => {
      if (stopping && reconnect !== true && client.status === 'reconnecting') return
      disconnect(reconnect)
    }
    // BullMQ's Worker duplicates the connection it is given (a main and a blocking one) and owns
    // the copies; track them too, so none is left reconnecting after close.
    const duplicate = client.duplicate.bind(client) as (...args: unknown[]) => Client
    ;(client as unknown as { duplicate: (...args: unknown[]) => Client }).duplicate = (...args) => track(duplicate(...args))
    return client
  }

  return {
    open (settings) {
      const retry = settings.retryStrategy ?? redisRetryStrategy
      return track(redisConnection(redisUrl, cluster, { ...settings, retryStrategy: (times) => stopping ? null : retry(times) }))
    },
    async close (graceful) {
      stopping = true
      try {
        await graceful()
      } finally {
        for (const disconnect of members.values()) disconnect()
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

/**
 * `p`, or a rejection `${what} timed out after ${ms} ms` if it takes longer (`p` itself is not
 * cancelled): a call to a Redis that does not answer must fail over to the caller's fallback.
 */
export async function withTimeout<T> (p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms) })
  try {
    return await Promise.race([p, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Closes a standalone client: QUIT when Redis answers within `ms`, then the socket is cut either way. */
export async function quitWithin (client: Client, ms = 1000): Promise<void> {
  await settleWithin(client.quit(), ms)
  client.disconnect()
}
