/**
 * The baseline of bench:cx, in its own process: a bare Fastify route serving the same bodies as
 * the cx read scenarios (a 360 and a journey page, captured from cx) from memory, so the table
 * shows how far the app is from what this machine does for a response of that size. Reads the
 * bodies from the JSON file named by argv[2]; prints one JSON line with its port once it listens.
 */
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const bodies = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as { c360: string, journey: string }
const app = Fastify({ logger: false })
app.get('/c360/:id', async (_req, reply) => await reply.type('application/json; charset=utf-8').send(bodies.c360))
app.get('/journey', async (_req, reply) => await reply.type('application/json; charset=utf-8').send(bodies.journey))
await app.listen({ port: 0, host: '127.0.0.1' })
const a = app.server.address()
process.stdout.write(JSON.stringify({ port: typeof a === 'object' && a !== null ? a.port : 0 }) + '\n')
process.on('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)) })
