import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The suite's entry point, started as `pnpm start` starts it (tsx, embedded mode, PGlite, demo data). */
const SUITE_SERVER = join(import.meta.dirname, '..', '..', 'suite', 'src', 'server.ts')

export interface RunningSuite { url: string, stop: () => Promise<void> }

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const a = server.address()
      const port = typeof a === 'object' && a !== null ? a.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Polls `probe` every 250 ms until it returns a value; throws with `what` after `timeoutMs` (a ceiling for a loaded machine, not a target). */
export async function until<T> (what: string, probe: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await probe()
      if (v !== undefined) return v
    } catch (err) { last = err }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`)
}

/**
 * Creates the empty PGlite cluster in `dataDir` with the PGlite the suite itself loads (resolved
 * through its @cx/store). Why: the suite opens its database inside a Fastify plugin, which has 10 s
 * to start, and creating a cluster took a minute on a loaded two-core machine; opening one that
 * exists is quick. The directory holds no schema and no data: migrations and the demo story are
 * still the suite's own start.
 */
async function createCluster (dataDir: string): Promise<void> {
  const store = createRequire(join(SUITE_SERVER, '..', '..', 'node_modules', '@cx', 'store', 'package.json'))
  const mod = await import(pathToFileURL(store.resolve('@electric-sql/pglite')).href) as { PGlite?: PGliteClass, default?: { PGlite: PGliteClass } }
  const PGlite = mod.PGlite ?? mod.default?.PGlite
  if (PGlite === undefined) throw new Error('PGlite not found beside @cx/store')
  const db = await PGlite.create(dataDir)
  await db.close()
}
interface PGliteClass { create: (dataDir: string) => Promise<{ close: () => Promise<void> }> }

/**
 * The whole suite in embedded mode on a free port with a fresh PGlite data directory, as
 * `pnpm start` runs it, ready once it has printed its banner and cx has projected the demo story
 * (every demo customer's 360 and the partner scorecards). The process and its data go at `stop`.
 */
export async function startSuite (): Promise<RunningSuite> {
  const port = await freePort()
  const dataDir = await mkdtemp(join(tmpdir(), 'cx-dashboard-e2e-'))
  await createCluster(dataDir)
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir }
  // Embedded mode is what `pnpm start` runs: no external database or Redis, whatever the shell has.
  delete env.DATABASE_URL
  delete env.REDIS_URL
  delete env.CX_MODE
  // tap's loaders (process info, coverage) are for the test process, not the server under test.
  delete env.NODE_OPTIONS
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SUITE_SERVER], { cwd: join(SUITE_SERVER, '..', '..'), env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (c: Buffer) => { output = (output + c.toString('utf8')).slice(-4000) })
  child.stderr?.on('data', (c: Buffer) => { output = (output + c.toString('utf8')).slice(-4000) })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) { child.kill('SIGTERM'); await exited }
    await rm(dataDir, { recursive: true, force: true })
  }
  const url = `http://127.0.0.1:${port}`
  try {
    // A suite that exits during its start fails the wait at once, not at the ceiling.
    const died = exited.then(() => { throw new Error(`the suite exited with ${String(child.exitCode ?? child.signalCode)}`) })
    died.catch(() => undefined)
    await Promise.race([died, until('the suite\'s banner', async () => /CX Suite is running/.test(output) ? true : undefined)])
    await until('cx to project the demo customers', async () => {
      const res = await fetch(`${url}/tmf-api/customer360/v5/customer360?fields=none&limit=1`)
      return Number(res.headers.get('x-total-count')) >= 6 ? true : undefined
    })
    await until('the demo scorecards', async () => {
      const res = await fetch(`${url}/tmf-api/cxAnalytics/v1/partnerScorecard?rank.lte=1&fields=rank`)
      const cards = await res.json() as unknown[]
      return cards.length > 0 ? true : undefined
    })
  } catch (err) {
    await stop()
    throw new Error(`${String(err)}\n--- suite output ---\n${output}`)
  }
  return { url, stop }
}
