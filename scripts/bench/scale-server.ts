/**
 * The server side of `pnpm bench:scale`, in its own process: the TMF621 app on PostgreSQL
 * (BENCH_DATABASE_URL) or embedded PGlite (BENCH_DATA_DIR), and a bare Fastify route serving
 * the same bytes from memory. With BENCH_SEED=N it first loads N tickets through the app's own
 * store (so PGlite, single-process, can be seeded too). Prints one JSON line once both listen:
 * ports, the app's start time (open + migrate + ready, ms) and the seeding time.
 */
import Fastify from 'fastify'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { buildApp } from '@cx/trouble-ticket'
import { seedTickets } from './seed-tickets.ts'

const databaseUrl = process.env.BENCH_DATABASE_URL ?? ''
const dataDir = process.env.BENCH_DATA_DIR
const started = performance.now()
const opts = tmfServerOptionsFromEnv({ ...process.env, CX_MODE: 'production', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', AUTH_JWT_SECRET: process.env.BENCH_SECRET, RATE_LIMIT_MAX: '0', RATE_LIMIT_TOKEN_MAX: '0' })
const app = await buildApp({ ...opts, logger: false, db: databaseUrl === '' ? { dataDir } : { databaseUrl, maxConnections: Number(process.env.BENCH_POOL ?? 8) } })
await app.ready()
const startMs = performance.now() - started
const seed = Number(process.env.BENCH_SEED ?? 0)
const seededAt = performance.now()
if (seed > 0) await seedTickets(app.db, seed, Math.max(1, Math.round(seed / 100)))
const seedMs = performance.now() - seededAt
await app.listen({ port: 0, host: '127.0.0.1' })

const sample = await app.db.query<{ doc: unknown }>('SELECT doc FROM trouble_ticket ORDER BY id LIMIT 1')
const body = JSON.stringify(sample.rows[0]?.doc ?? {})
const page = `[${Array.from({ length: 20 }, () => body).join(',')}]`
const bare = Fastify({ logger: false })
const json = 'application/json; charset=utf-8'
bare.get('/bare/:id', async (_req, reply) => await reply.type(json).send(body))
bare.get('/bareList', async (_req, reply) => await reply.header('x-total-count', '1000').type(json).send(page))
bare.post('/bare', async (_req, reply) => await reply.code(201).type(json).send(body))
bare.patch('/bare/:id', async (_req, reply) => await reply.type(json).send(body))
await bare.listen({ port: 0, host: '127.0.0.1' })

const port = (s: { server: { address: () => unknown } }): number => {
  const a = s.server.address()
  return typeof a === 'object' && a !== null && 'port' in a ? Number(a.port) : 0
}
process.stdout.write(JSON.stringify({ app: port(app), bare: port(bare), startMs, seedMs }) + '\n')
process.on('SIGTERM', () => {
  Promise.all([app.close(), bare.close()]).then(() => process.exit(0), () => process.exit(1))
})
