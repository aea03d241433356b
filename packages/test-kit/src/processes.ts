import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import type { Teardown } from './databases.ts'
import { WAIT_CEILING_MS } from './wait.ts'

/** A TCP port free on 127.0.0.1 right now, for a throwaway server. */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Resolves when the child's output matches `pattern`; rejects when it exits first or after the ceiling. */
export async function waitForOutput (child: ChildProcess, pattern: RegExp, what: string, timeoutMs = WAIT_CEILING_MS): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs} ms: ${seen.slice(-500)}`)), timeoutMs)
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8')
      if (pattern.test(seen)) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => { seen += c.toString('utf8') })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited with ${String(code)}: ${seen.slice(-500)}`)) })
  })
}

/** Sends `signal` and resolves once the child has exited (at once if it already has). */
export async function stopProcess (child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill(signal)
  await exited
}

export interface StartedProcess {
  child: ChildProcess
  /** SIGKILL, as a crash would. */
  kill: () => Promise<void>
  /** SIGTERM, as an orchestrator stopping it would. */
  stop: () => Promise<void>
}

/**
 * A TypeScript entry point in its own node process (through tsx), started when its output matches
 * `ready`, and killed at teardown if it is still running. `env` is added to this process's.
 */
export async function startNodeScript (t: Teardown, script: string, env: Record<string, string>, ready: RegExp, what = script): Promise<StartedProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const kill = async (): Promise<void> => { await stopProcess(child, 'SIGKILL') }
  t.teardown(kill)
  await waitForOutput(child, ready, what)
  // Keep draining its output so a chatty child never blocks on a full pipe.
  child.stdout?.resume()
  child.stderr?.resume()
  return { child, kill, stop: async () => { await stopProcess(child, 'SIGTERM') } }
}

/** A throwaway Redis without persistence: stopping it loses every key, like a crashed cache node. */
export async function startRedisServer (t: Teardown, port: number): Promise<{ stop: () => Promise<void> }> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const stop = async (): Promise<void> => { await stopProcess(child, 'SIGKILL') }
  t.teardown(stop)
  await waitForOutput(child, /Ready to accept connections/, `redis-server on ${port}`)
  child.stdout?.resume()
  child.stderr?.resume()
  return { stop }
}
