import type pg from 'pg'

/**
 * Grows a table seeded with the demo story to `copies` times its size in SQL: every copy gets
 * its own ids (`b<i>-<id>`) and its own customers (`cust-00N` → `c<i>-00N`), so a filter on one
 * customer matches a handful of documents, as it would in a real base.
 */
export async function multiplyTable (client: pg.Client, table: string, hrefRoot: string, copies: number): Promise<number> {
  await client.query(`
    INSERT INTO ${table} (id, doc, parties, created_at)
    SELECT 'b' || i || '-' || t.id,
           jsonb_set(jsonb_set(replace(t.doc::text, '"cust-00', '"c' || i || '-00')::jsonb,
             '{id}', to_jsonb('b' || i || '-' || t.id)),
             '{href}', to_jsonb($1::text || '/b' || i || '-' || t.id)),
           array(SELECT replace(p, 'cust-00', 'c' || i || '-00') FROM unnest(t.parties) p),
           t.created_at - (i || ' seconds')::interval
    FROM ${table} t, generate_series(1, $2::int) i
    WHERE t.id NOT LIKE 'b%-%'
  `, [hrefRoot, copies])
  await client.query(`VACUUM ANALYZE ${table}`)
  const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)
  return Number(count.rows[0]?.n ?? 0)
}
