import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { join } from 'node:path'

/** The five resource services and cx, each started from its own production entry point (server.ts). */
export const SERVICES = [
  { name: 'customer', app: 'customer', pool: 3 },
  { name: 'productOrder', app: 'product-order', pool: 8 },
  { name: 'troubleTicket', app: 'trouble-ticket', pool: 8 },
  { name: 'slaViolation', app: 'sla', pool: 2 },
  { name: 'surveyResponse', app: 'survey', pool: 3 }
] as const
export type SourceName = typeof SERVICES[number]['name']

export interface StackOptions {
  /** The benchmark database (every service gets its own schema in it, through PGOPTIONS). */
  databaseUrl: string
  redisUrl: string | undefined
  jwtSecret: string
  hubSecret: string
  /** Operator token cx reads the sources with (CX_SOURCE_TOKEN). */
  cxToken: string
  cxPool: number
  /** A directory for V8 CPU profiles (`--cpu-prof`, one folder per process; the main thread's is the largest file) of cx and the trouble-ticket service, or undefined. */
  profileDir: string | undefined
  log: (line: string) => void
}

export interface Running {
  name: string
  url: string
  schema: string
  child: ChildProcess
}

const ROOT = join(import.meta.dirname, '..', '..')
const TSX = import.meta.resolve('tsx')

/** The schema a service's tables live in: `cxb_<name>` (lower case). */
export const schemaOf = (name: string): string => `cxb_${name.toLowerCase()}`

async function freePort (): Promise<number> {
  const s = createServer()
  s.listen(0, '127.0.0.1')
  await once(s, 'listening')
  const a = s.address()
  const port = typeof a === 'object' && a !== null ? a.port : 0
  s.close()
  await once(s, 'close')
  return port
}

// How long a service may take to answer /health (BENCH_START_TIMEOUT_S, default 120 s; a busy shared machine needs more).
const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_S ?? 120) * 1000

async function waitHealthy (url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before it listened`)
    try {
      const res = await fetch(`${url}/health`)
      if (res.ok) return
    } catch {}
    if (Date.now() > deadline) throw new Error(`${what} did not answer /health within ${START_TIMEOUT_MS / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

function start (name: string, app: string, env: NodeJS.ProcessEnv, opts: StackOptions, profile: boolean): ChildProcess {
  const flags = profile && opts.profileDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${join(opts.profileDir, name)}`] : []
  const child = spawn(process.execPath, [...flags, '--import', TSX, join('src', 'server.ts')], {
    cwd: join(ROOT, 'apps', app),
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  // Warnings and errors only (LOG_LEVEL=warn; pino writes to stdout), prefixed with who spoke.
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => { for (const line of chunk.split('\n')) if (line.trim() !== '') opts.log(`[${name}] ${line.slice(0, 400)}`) })
  }
  return child
}

function baseEnv (opts: StackOptions, schema: string, port: number, pool: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    CX_MODE: 'production',
    DATABASE_URL: opts.databaseUrl,
    // node-pg reads PGOPTIONS: each service works in its own schema of the benchmark database.
    PGOPTIONS: `-c search_path=${schema}`,
    // Names the service's connections in pg_stat_activity (the bench samples it).
    PGAPPNAME: `bench-${schema}`,
    DB_POOL_SIZE: String(pool),
    ...(opts.redisUrl === undefined ? {} : { REDIS_URL: opts.redisUrl }),
    AUTH_JWT_SECRET: opts.jwtSecret,
    // Per-request info lines would measure the logger.
    LOG_LEVEL: 'warn',
    // The benchmark measures the services, not the edge limiter: production's per-partner rate
    // limit (6000 requests/min by default) would answer most of its requests with 429.
    RATE_LIMIT_MAX: '0',
    RATE_LIMIT_TOKEN_MAX: '0',
    PORT: String(port),
    HOST: '127.0.0.1',
    // Everything runs on this host: the sources' hubs call cx on loopback.
    HUB_CALLBACK_ALLOWLIST: '127.0.0.1',
    SHUTDOWN_GRACE_MS: '5000'
  }
}

/** Starts the five resource services (one process each) and waits until they answer. */
export async function startSources (opts: StackOptions): Promise<Running[]> {
  const out: Running[] = []
  for (const s of SERVICES) {
    const port = await freePort()
    const schema = schemaOf(s.name)
    const child = start(s.name, s.app, baseEnv(opts, schema, port, s.pool), opts, s.name === 'troubleTicket')
    out.push({ name: s.name, url: `http://127.0.0.1:${port}`, schema, child })
  }
  for (const r of out) await waitHealthy(r.url, r.child, r.name)
  return out
}

/** Starts cx (its own process) reading `sources`; it subscribes and back-fills once it listens. */
export async function startCx (opts: StackOptions, sources: readonly Running[]): Promise<Running> {
  const port = await freePort()
  const schema = schemaOf('cx')
  const url = `http://127.0.0.1:${port}`
  const child = start('cx', 'cx', {
    ...baseEnv(opts, schema, port, opts.cxPool),
    CX_HUB_SECRET: opts.hubSecret,
    CX_SOURCE_ORIGINS: sources.map((s) => `${s.name}=${s.url}`).join(','),
    CX_CALLBACK_BASE: url,
    CX_SOURCE_TOKEN: opts.cxToken
  }, opts, true)
  const running = { name: 'cx', url, schema, child }
  await waitHealthy(url, child, 'cx')
  return running
}

/** SIGTERM (graceful close, so CPU profiles are written), SIGKILL after 15 s. */
export async function stop (r: Running): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return
  const exited = once(r.child, 'exit')
  r.child.kill('SIGTERM')
  const timer = setTimeout(() => r.child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}
