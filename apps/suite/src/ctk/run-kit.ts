import { join } from 'node:path'
import newman from 'newman'
import type { Kit } from './kits.ts'

/** What a kit run says: assertion counts and, for each failure, the request and the test that failed. */
export interface KitResult {
  requests: number
  assertions: number
  failed: number
  failures: string[]
  /** Requests that got no response at all (connection refused, timeout). */
  requestErrors: number
}

/**
 * Runs one kit with newman's Node API against `baseUrl` (a listening server), no reporters, and
 * a bounded request timeout so a hung server fails the run instead of stalling it.
 */
export async function runKit (kit: Kit, dir: string, baseUrl: string): Promise<KitResult> {
  const summary = await new Promise<newman.NewmanRunSummary>((resolve, reject) => {
    newman.run({
      collection: join(dir, kit.file),
      envVar: [{ key: kit.variable, value: kit.root(baseUrl) }],
      reporters: [],
      timeoutRequest: 30_000
    }, (err, s) => { if (err !== null && err !== undefined) reject(err); else resolve(s) })
  })
  const stats = summary.run.stats
  return {
    requests: stats.requests.total ?? 0,
    assertions: stats.assertions.total ?? 0,
    failed: stats.assertions.failed ?? 0,
    requestErrors: stats.requests.failed ?? 0,
    failures: summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.test ?? f.error.name}: ${f.error.message}`)
  }
}
