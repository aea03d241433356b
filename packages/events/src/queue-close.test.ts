import { fileURLToPath } from 'node:url'
import t from 'tap'
import { freePort, redisPrefix, startNodeScript, startRedisServer } from '@cx/test-kit'

const CHILD = fileURLToPath(new URL('./testing/queue-close-child.ts', import.meta.url))

/** SIGTERM to the child (which closes its queue and nothing else), then how it ended within `ms`. */
async function stopAndWait (child: import('node:child_process').ChildProcess, ms: number): Promise<{ exited: boolean, output: string }> {
  let output = ''
  child.stdout?.on('data', (c: Buffer) => { output += c.toString('utf8') })
  const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)))
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms) })
  child.kill('SIGTERM')
  const result = await Promise.race([exited, late])
  clearTimeout(timer)
  return { exited: result, output }
}

for (const redisDown of [true, false]) {
  t.test(`a process whose hub queue (with workers) is closed while Redis is ${redisDown ? 'unreachable' : 'up'} exits by itself`, async (t) => {
    const port = await freePort()
    const redisUrl = `redis://127.0.0.1:${port}`
    const redis = await startRedisServer(t, port)
    const prefix = await redisPrefix(t, redisUrl)
    const { child } = await startNodeScript(t, CHILD, { REDIS_URL: redisUrl, PREFIX: prefix, QUEUE: 'hub-close' }, /^ready$/m, 'queue process')
    if (redisDown) {
      await redis.stop()
      // Let every connection notice and start reconnecting.
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    // The child never calls process.exit: it ends only once no socket or timer is left. BullMQ's
    // stalled check may still sit out its 5 s connection-error pause; nothing may wait for Redis.
    const { exited, output } = await stopAndWait(child, 10_000)
    t.ok(exited, `exited within 10 s of close (${output.trim() || 'no output'})`)
    t.match(output, /closed in \d+ ms/, 'close() resolved')
  })
}
