import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

interface Teardown { teardown: (fn: () => unknown) => void }

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

async function waitForLine (child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 20_000): Promise<void> {
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

async function killed (child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill(signal)
  await exited
}

/** A throwaway Redis without persistence: stopping it loses every key, like a crashed cache node. */
export async function startRedisServer (t: Teardown, port: number): Promise<{ stop: () => Promise<void> }> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const stop = async (): Promise<void> => { await killed(child, 'SIGKILL') }
  t.teardown(stop)
  await waitForLine(child, /Ready to accept connections/, `redis-server on ${port}`)
  return { stop }
}

const RELAY_CHILD = fileURLToPath(new URL('./relay-child.ts', import.meta.url))

/** The crash-test relay (relay-child.ts) in its own node process. */
export async function startRelayProcess (t: Teardown, env: Record<string, string>): Promise<{ kill: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', RELAY_CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const kill = async (): Promise<void> => { await killed(child, 'SIGKILL') }
  t.teardown(kill)
  await waitForLine(child, /^ready$/m, 'relay process')
  return { kill }
}
