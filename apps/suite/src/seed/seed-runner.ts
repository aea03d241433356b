import type { FastifyInstance } from 'fastify'
import { DemoClock } from './demo-clock.ts'
import { SeedRefs, type BoundFinder, type SeedFinder, type SeedList, type SeedRefKind } from './seed-refs.ts'

/** Something a seed can call: the real HTTP surface, as a given principal's token. */
export type SeedCall = (method: 'POST' | 'PATCH', url: string, payload: unknown, who?: string) => Promise<Record<string, unknown>>

export interface Seed {
  id: string
  /** Creates the seed's part of the story; `refs` links it to what earlier seeds created; `clock` dates a past part of it. */
  run: (call: SeedCall, refs: SeedRefs, clock: DemoClock) => Promise<void>
  /** How to find, through the API, what this seed created under a story key (for later seeds). */
  finds?: Partial<Record<SeedRefKind, SeedFinder>>
}

/**
 * Runs each seed once per database (recorded next to the migrations), through the HTTP surface
 * so demo data gets the same validation, lifecycle history and events as real data. The seeds
 * share one SeedRefs; its finders come from every seed listed, run now or in an earlier start,
 * so a seed added later still links to the resources of the seeds before it.
 */
export async function runSeeds (app: FastifyInstance, seeds: readonly Seed[], token: (who: string) => Promise<string>, clock: DemoClock = new DemoClock()): Promise<string[]> {
  const done: string[] = []
  const headers = async (who: string, method: string): Promise<Record<string, string>> =>
    ({ authorization: `Bearer ${await token(who)}`, ...(method === 'GET' ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }) })
  const call: SeedCall = async (method, url, payload, who = 'operator') => {
    const res = await app.inject({ method, url, payload: payload as Record<string, unknown>, headers: await headers(who, method) })
    if (res.statusCode >= 300) throw new Error(`seed ${method} ${url} failed: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const list: SeedList = async (url) => {
    const res = await app.inject({ method: 'GET', url, headers: await headers('operator', 'GET') })
    if (res.statusCode !== 200) throw new Error(`seed GET ${url} failed: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const finders: Partial<Record<SeedRefKind, BoundFinder>> = {}
  for (const seed of seeds) {
    for (const [kind, find] of Object.entries(seed.finds ?? {}) as Array<[SeedRefKind, SeedFinder]>) finders[kind] = async (key) => await find(list, key)
  }
  const refs = new SeedRefs(finders)
  for (const seed of seeds) {
    const id = `seed-${seed.id}`
    const seen = await app.db.query('SELECT 1 FROM cx_migration WHERE id = $1', [id])
    if (seen.rows.length > 0) continue
    await seed.run(call, refs, clock)
    await app.db.query('INSERT INTO cx_migration (id) VALUES ($1)', [id])
    done.push(seed.id)
  }
  return done
}
