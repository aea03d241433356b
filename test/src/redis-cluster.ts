import { execFile, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort, stopProcess } from '@cx/test-kit'

const run = promisify(execFile)

interface T { teardown: (fn: () => unknown) => void }

export interface LocalRedisCluster {
  /** `redis://127.0.0.1:P1,redis://127.0.0.1:P2,…`, the REDIS_URL of a cluster (REDIS_CLUSTER=true). */
  url: string
  ports: number[]
}

/**
 * A throwaway Redis Cluster of `masters` masters without replicas (redis-server
 * --cluster-enabled on free ports, joined by `redis-cli --cluster create`), in a temporary
 * directory; resolves once `cluster_state:ok`. Stopped and removed at teardown. Fails (never
 * skips) without redis-server and redis-cli.
 */
export async function startRedisCluster (t: T, masters = 3): Promise<LocalRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'cx-redis-cluster-'))
  const ports = await Promise.all(Array.from({ length: masters }, async () => await freePort()))
  const nodes = ports.map((port) => spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
    '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000',
    '--save', '', '--appendonly', 'no', '--dir', dir
  ], { stdio: 'ignore' }))
  t.teardown(async () => {
    await Promise.all(nodes.map(async (n) => { await stopProcess(n, 'SIGKILL') }))
    await rm(dir, { recursive: true, force: true })
  })
  for (const port of ports) await until(async () => (await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim() === 'PONG', `redis-server on ${port}`)
  await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'])
  for (const port of ports) {
    await until(async () => (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout.includes('cluster_state:ok'), `cluster state on ${port}`)
  }
  return { url: ports.map((p) => `redis://127.0.0.1:${p}`).join(','), ports }
}

async function until (check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
