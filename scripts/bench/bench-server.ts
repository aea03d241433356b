/**
 * The server side of the benchmark, in its own process so autocannon does not steal its event
 * loop: the TMF621 app on PostgreSQL, and a bare Fastify route serving the same JSON from memory
 * as the baseline. Prints one JSON line with the ports once both listen.
 */
import Fastify from 'fastify'
import { buildSuite } from '@cx/suite'
import { tmfServerOptionsFromEnv } from '@cx/engine'

const databaseUrl = process.env.BENCH_DATABASE_URL ?? ''
const opts = tmfServerOptionsFromEnv({ ...process.env, CX_MODE: 'production', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', AUTH_JWT_SECRET: process.env.BENCH_SECRET, RATE_LIMIT_MAX: '0', RATE_LIMIT_TOKEN_MAX: '0' })
// The demo story is seeded so every service has valid documents the benchmark can multiply.
const app = await buildSuite({ ...opts, seed: true, logger: false, db: { databaseUrl, maxConnections: Number(process.env.BENCH_POOL ?? 8) } })
await app.listen({ port: 0, host: '127.0.0.1' })

const sample = await app.db.query<{ doc: unknown }>('SELECT doc FROM trouble_ticket LIMIT 1')
const body = JSON.stringify(sample.rows[0]?.doc ?? {})
const bare = Fastify({ logger: false })
bare.get('/bare/:id', async (_req, reply) => await reply.type('application/json; charset=utf-8').send(body))
// A page of 20, like the filtered list the app answers.
const page = `[${Array.from({ length: 20 }, () => body).join(',')}]`
bare.get('/bareList', async (_req, reply) => await reply.type('application/json; charset=utf-8').send(page))
bare.post('/bare', async (_req, reply) => await reply.code(201).type('application/json; charset=utf-8').send(body))
await bare.listen({ port: 0, host: '127.0.0.1' })

const port = (s: typeof bare): number => {
  const a = s.server.address()
  return typeof a === 'object' && a !== null ? a.port : 0
}
process.stdout.write(JSON.stringify({ app: port(app as unknown as typeof bare), bare: port(bare) }) + '\n')
process.on('SIGTERM', () => {
  Promise.all([app.close(), bare.close()]).then(() => process.exit(0), () => process.exit(1))
})
