import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * PostgreSQL's own limit for one statement: `pgbench` running `script` (pgbench syntax, `:name`
 * variables from `\set`) with prepared statements, `clients` connections for `seconds`.
 * Returns transactions per second, or undefined when pgbench is not installed or fails.
 */
export async function pgbenchTps (databaseUrl: string, script: string, seconds: number, clients = 8): Promise<number | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'cx-pgbench-'))
  try {
    const file = join(dir, 'script.sql')
    await writeFile(file, script)
    const { stdout } = await run('pgbench', ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', file, databaseUrl], { maxBuffer: 1 << 20 })
    const tps = /tps = ([\d.]+)/.exec(stdout)
    return tps?.[1] === undefined ? undefined : Number(tps[1])
  } catch {
    return undefined
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * The statement DocumentStore.page runs for a list (count subquery joined to the page), for
 * pgbench. `where` and `order` are SQL over the resource table, as the query layer writes them.
 */
export function listStatement (table: string, where: string, order: string, limit = 20): string {
  const sortKeys = [order, 'created_at DESC', 'id'].filter((s) => s !== '').join(', ')
  return `SELECT n.total, p.* FROM (SELECT count(*) AS total FROM ${table} WHERE ${where}) n ` +
    `LEFT JOIN (SELECT doc::text AS body, row_number() OVER (ORDER BY ${sortKeys}) AS row_number FROM ${table} WHERE ${where} ORDER BY ${sortKeys} LIMIT ${limit} OFFSET 0) p ON TRUE ORDER BY p.row_number;\n`
}
