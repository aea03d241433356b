import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './processes.ts'

interface Teardown { teardown: (fn: () => unknown) => void }

const run = promisify(execFile)

/** A PostgreSQL server of the test's own, on its own port and data directory, that it may stop. */
export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust authentication). */
  url: string
  port: number
  /** `pg_ctl stop -m fast`: sessions are terminated (57P01), the server is gone until start(). */
  stop: () => Promise<void>
  /** `pg_ctl start`, resolving once the server accepts connections. */
  start: () => Promise<void>
  /** `pg_ctl restart -m fast`, resolving once the server accepts connections again. */
  restart: () => Promise<void>
}

/**
 * Where initdb and pg_ctl are: PG_BIN, else `pg_config --bindir`, else the newest
 * /usr/lib/postgresql/N/bin (Debian's layout). Throws when there are none: a test that needs a
 * server of its own fails without one, it is never skipped.
 */
export async function postgresBinDir (): Promise<string> {
  const candidates: string[] = []
  if (process.env.PG_BIN !== undefined && process.env.PG_BIN !== '') candidates.push(process.env.PG_BIN)
  const configured = await run('pg_config', ['--bindir']).then((r) => r.stdout.trim(), () => undefined)
  if (configured !== undefined) candidates.push(configured)
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`))
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')))
  if (found === undefined) {
    throw new Error(`PostgreSQL server binaries (initdb, pg_ctl) are required for this test; looked in: ${candidates.join(', ') || 'nothing (no PG_BIN, no pg_config, no /usr/lib/postgresql)'}`)
  }
  return found
}

/**
 * Starts a throwaway PostgreSQL (initdb + pg_ctl in a temporary directory, on a free port,
 * listening on 127.0.0.1 only, socket in that directory) for tests that stop or restart the
 * database. The shared development/CI server is never touched. PostgreSQL refuses to run as root,
 * so as root (CI) every command runs as the `postgres` user through runuser. Stopped and removed
 * at teardown.
 */
export async function startPostgresServer (t: Teardown): Promise<ThrowawayPostgres> {
  const bin = await postgresBinDir()
  const asRoot = process.getuid?.() === 0
  const exec = async (cmd: string, args: string[]): Promise<void> => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args]
    try {
      await run(file, argv, { timeout: 120_000 })
    } catch (err) {
      const e = err as { stdout?: string, stderr?: string, message: string }
      throw new Error(`${cmd} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err })
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'cx-pg-'))
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch((err: unknown) => {
      throw new Error('running as root, the throwaway PostgreSQL needs the `postgres` OS user (created by the Debian postgresql package)', { cause: err })
    })
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    await chown(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const data = join(dir, 'data')
  const port = await freePort()
  const pgCtl = async (...args: string[]): Promise<void> => {
    await exec('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', ...args])
  }
  let running = false
  t.teardown(async () => {
    if (running) await pgCtl('stop', '-m', 'immediate').catch(() => {})
    await rm(dir, { recursive: true, force: true })
  })
  await exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--no-locale'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`
  const start = async (): Promise<void> => {
    await pgCtl('start', '-o', options)
    running = true
  }
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    async stop () {
      await pgCtl('stop', '-m', 'fast')
      running = false
    },
    async restart () {
      await pgCtl('restart', '-m', 'fast', '-o', options)
      running = true
    }
  }
}
