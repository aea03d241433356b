import type { FastifyInstance } from 'fastify'

/** Something a seed can call: the real HTTP surface, as a given principal's token. */
export type SeedCall = (method: 'POST' | 'PATCH', url: string, payload: unknown, who?: string) => Promise<Record<string, unknown>>

export interface Seed {
  id: string
  run: (call: SeedCall) => Promise<void>
}

/**
 * Runs each seed once per database (recorded next to the migrations), through the HTTP surface
 * so demo data gets the same validation, lifecycle history and events as real data.
 */
export async function runSeeds (app: FastifyInstance, seeds: readonly Seed[], token: (who: string) => Promise<string>): Promise<string[]> {
  const done: string[] = []
  const call: SeedCall = async (method, url, payload, who = 'operator') => {
    const res = await app.inject({
      method,
      url,
      payload: payload as Record<string, unknown>,
      headers: { authorization: `Bearer ${await token(who)}`, 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }
    })
    if (res.statusCode >= 300) throw new Error(`seed ${method} ${url} failed: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  for (const seed of seeds) {
    const id = `seed-${seed.id}`
    const seen = await app.db.query('SELECT 1 FROM cx_migration WHERE id = $1', [id])
    if (seen.rows.length > 0) continue
    await seed.run(call)
    await app.db.query('INSERT INTO cx_migration (id) VALUES ($1)', [id])
    done.push(seed.id)
  }
  return done
}
