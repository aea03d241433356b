import { createServer, type Socket } from 'node:net'
import t from 'tap'
import { freePort, startApp, startRedisServer, waitUntil } from '@cx/test-kit'
import { buildApp } from './app.ts'

// An app started before its Redis (an orchestrator starting everything at once): it starts and
// serves, reports not ready while Redis is unreachable, retries with back-off, logs the outage
// once per connection user, and is ready as soon as Redis answers, without a restart; stopped
// during a later outage, it leaves nothing reconnecting.

t.test('started while Redis is unreachable: not ready, retrying with back-off, ready once Redis answers', async (t) => {
  const port = await freePort()
  // Stands in for an unreachable Redis that still lets us count connection attempts: every
  // connection is accepted and dropped at once.
  let attempts = 0
  const sockets = new Set<Socket>()
  const dropper = createServer((socket) => { attempts++; sockets.add(socket); socket.destroy() })
  const listenDropper = async (): Promise<void> => { await new Promise<void>((resolve) => dropper.listen(port, '127.0.0.1', resolve)) }
  await listenDropper()
  t.teardown(() => { dropper.close() })

  const logs: Array<{ level: number, msg?: string }> = []
  const app = await startApp(t, buildApp, 'postgres', {
    redisUrl: `redis://127.0.0.1:${port}`,
    edge: { rateLimit: { max: 1000, tokenMax: 1000, windowMs: 60_000 } },
    logger: { level: 'info', stream: { write: (line: string) => { logs.push(JSON.parse(line) as { level: number, msg?: string }) } } }
  })
  t.equal((await app.inject({ url: '/health/live' })).statusCode, 200, 'started and live')
  const down = await app.inject({ url: '/health/ready' })
  t.equal(down.statusCode, 503)
  t.same(down.json(), { status: 'not ready', checks: { database: 'up', migrations: 'done', relay: 'running', redis: 'down' } })

  const from = attempts
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const per3s = attempts - from
  // A handful of connections, each retrying at most every second once backed off: tens of
  // attempts in 3 s; a client spinning without back-off would make thousands.
  t.ok(per3s > 0 && per3s < 100, `${per3s} connection attempts in 3 s`)
  const warnings = logs.filter((l) => l.level === 40 && /Redis unavailable/.test(l.msg ?? ''))
  t.ok(warnings.length >= 1 && warnings.length <= 3, `the outage logged once per connection user, not per attempt (${warnings.map((w) => w.msg).join('; ')})`)

  // Redis starts on that address: ready without a restart.
  await new Promise<void>((resolve) => dropper.close(() => resolve()))
  for (const s of sockets) s.destroy()
  const redis = await startRedisServer(t, port)
  await waitUntil('ready once Redis answers', async () => (await app.inject({ url: '/health/ready' })).statusCode === 200, 30_000)
  t.same((await app.inject({ url: '/health/ready' })).json(), { status: 'ready', checks: { database: 'up', migrations: 'done', relay: 'running', redis: 'up' } })
  t.ok(logs.some((l) => /Redis is back/.test(l.msg ?? '')), 'the recovery is logged')
  t.same(logs.filter((l) => l.level >= 50).map((l) => l.msg), [], 'no error logged: an unreachable Redis at start is an outage, not a failure')

  // Redis goes away again and the app is stopped meanwhile: close returns, and no connection
  // keeps trying to reach Redis afterwards (one did, and kept the process alive).
  await redis.stop()
  await listenDropper()
  await waitUntil('not ready again', async () => (await app.inject({ url: '/health/ready' })).statusCode === 503, 30_000)
  const closing = Date.now()
  await app.close()
  const took = Date.now() - closing
  t.ok(took < 15_000, `closed in ${took} ms during the outage`)
  // A connection attempt already under way at close may still land; none may follow it. Every
  // retry delay is at most 1 s, so 3 s would show one that kept reconnecting.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const afterClose = attempts
  await new Promise((resolve) => setTimeout(resolve, 3000))
  t.equal(attempts - afterClose, 0, 'no connection attempt after close')
})
