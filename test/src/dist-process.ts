import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { stopProcess, waitForOutput, type StartedProcess } from '@cx/test-kit'

interface T { teardown: (fn: () => unknown) => void }

export const ROOT = join(import.meta.dirname, '..', '..')

/** Each app's compiled entry point and the worker's, as the images run them (docker/Dockerfile). */
export const DIST_ENTRIES = {
  customer: 'apps/customer/dist/server.js',
  productOrder: 'apps/product-order/dist/server.js',
  troubleTicket: 'apps/trouble-ticket/dist/server.js',
  sla: 'apps/sla/dist/server.js',
  survey: 'apps/survey/dist/server.js',
  communication: 'apps/communication/dist/server.js',
  cx: 'apps/cx/dist/server.js',
  worker: 'packages/events/dist/worker.js'
} as const

// Loading and compiling every schema of an app takes seconds of CPU; several starting at once on a
// shared two-core machine take minutes.
const START_CEILING_MS = 240_000

export interface DistProcess extends StartedProcess {
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string
  /** Resolves to the exit code once the process has exited. */
  exited: Promise<number | null>
}

/**
 * Runs a compiled entry point exactly as production does — plain `node` with the `cx-dist` export
 * condition, so every workspace package is its compiled dist/ too, no tsx anywhere — and resolves
 * once its output matches `ready`. `env` replaces the environment (plus PATH), so nothing of the
 * test runner's leaks in. Killed at teardown if still running.
 * @throws when the entry point was not built (`pnpm build`), or the process exits before `ready`.
 */
export async function startDist (t: T, entry: string, env: Record<string, string>, ready: RegExp, what = entry, timeoutMs = START_CEILING_MS): Promise<DistProcess> {
  const script = join(ROOT, entry)
  if (!existsSync(script)) throw new Error(`${entry} is missing: run \`pnpm build\` first (the e2e package's test task depends on ^build)`)
  const child = spawn(process.execPath, ['--conditions=cx-dist', '--enable-source-maps', script], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (c: Buffer) => { output += c.toString('utf8') })
  child.stderr.on('data', (c: Buffer) => { output += c.toString('utf8') })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  t.teardown(async () => { await stopProcess(child, 'SIGKILL') })
  await waitForOutput(child, ready, what, timeoutMs)
  return {
    child,
    output: () => output,
    exited,
    kill: async () => { await stopProcess(child, 'SIGKILL') },
    stop: async () => { await stopProcess(child, 'SIGTERM') }
  }
}

/** GET `url` until it answers 200 (readiness), or throws after `timeoutMs` with the last answer. */
export async function waitReady (url: string, timeoutMs = 120_000): Promise<unknown> {
  const until = Date.now() + timeoutMs
  let last = 'no answer'
  for (;;) {
    try {
      const res = await fetch(url)
      const body = await res.text()
      if (res.status === 200) return JSON.parse(body)
      last = `${res.status} ${body}`
    } catch (err) {
      last = (err as Error).message
    }
    if (Date.now() > until) throw new Error(`${url} not ready after ${timeoutMs} ms: ${last}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
