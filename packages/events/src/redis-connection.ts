import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis'

// ioredis reconnects forever; BullMQ's own default backs off to 20 s, too slow to notice a Redis
// that is back. Reconnecting every ≤ 1 s costs nothing while Redis is down.
export const redisRetryStrategy = (times: number): number => Math.min(100 * times, 1000)

/** `redis://a:7000,redis://b:7001` → the nodes ioredis's Cluster starts from (port 6379 when absent). */
function clusterNodes (urls: string): Array<{ host: string, port: number }> {
  return urls.split(',').map((u) => u.trim()).filter((u) => u !== '').map((u) => {
    const url = new URL(u)
    return { host: url.hostname, port: Number(url.port === '' ? 6379 : url.port) }
  })
}

/**
 * One ioredis connection with the given behaviour settings, to a single Redis (`redisUrl` one
 * `redis://` or `rediss://` URL) or, with `cluster`, to a Redis Cluster (`redisUrl` a
 * comma-separated list of seed nodes; credentials and TLS are taken from the first URL and
 * apply to every node). Every Redis client of the suite (queues, workers, rate limits) connects
 * through here so a `REDIS_CLUSTER=true` deployment reaches the cluster everywhere.
 * @throws TypeError (ERR_INVALID_URL) when a URL does not parse.
 */
export function redisConnection (redisUrl: string, cluster: boolean, settings: RedisOptions & Pick<ClusterOptions, 'enableOfflineQueue'>): Redis | Cluster {
  if (!cluster) return new Redis(redisUrl, settings)
  const first = new URL(redisUrl.split(',')[0] ?? redisUrl)
  const { enableOfflineQueue, retryStrategy: retry, ...redisOptions } = settings
  return new Cluster(clusterNodes(redisUrl), {
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    clusterRetryStrategy: retry ?? redisRetryStrategy,
    redisOptions: {
      ...redisOptions,
      ...(first.username === '' ? {} : { username: decodeURIComponent(first.username) }),
      ...(first.password === '' ? {} : { password: decodeURIComponent(first.password) }),
      ...(first.protocol === 'rediss:' ? { tls: {} } : {})
    }
  })
}
