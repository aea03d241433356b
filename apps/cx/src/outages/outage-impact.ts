import type { Queryable } from '@cx/store'
import type { Doc } from '../projections/entity-facts.ts'

/** Order states in which a customer has (or is getting) the offering: active or completed (TMF622). */
export const HOLDING_ORDER_STATES: readonly string[] = ['acknowledged', 'inProgress', 'pending', 'held', 'partial', 'completed']

interface Place { city: string | null, postCode: string | null, country: string | null }

/** The outage's impact lists, tolerant of missing parts (the trouble-ticket service validated it). */
export function impactOf (outage: Doc): { offerings: string[], places: Place[], customers: string[] } {
  const impact = (outage.impact ?? {}) as Doc
  const ids = (x: unknown): string[] => Array.isArray(x) ? (x as Doc[]).map((r) => r?.id).filter((id): id is string => typeof id === 'string') : []
  const text = (x: unknown): string | null => typeof x === 'string' && x.trim() !== '' ? x : null
  const places = Array.isArray(impact.place) ? (impact.place as Doc[]).map((p) => ({ city: text(p?.city), postCode: text(p?.postCode), country: text(p?.country) })) : []
  return { offerings: ids(impact.productOffering), places: places.filter((p) => p.city !== null || p.postCode !== null), customers: ids(impact.customer) }
}

/**
 * The customers an outage affects, from the read model, with the reasons they matched
 * (`productOffering:<id>`, `place:<city or postCode>`, `customer`):
 *
 * - an order in an active or completed state (HOLDING_ORDER_STATES) with an item for an affected
 *   offering;
 * - a postal contact medium (TMF629 v5 GeographicAddressContactMedium, or v4 `characteristic`) in
 *   an affected place: city compared case-insensitively, postcodes also without spaces, country
 *   (when the place names one) too;
 * - named in the explicit list.
 *
 * Only customers the read model knows (not deleted) are returned. One SQL statement.
 */
export async function resolveImpact (q: Queryable, outage: Doc): Promise<Map<string, string[]>> {
  const { offerings, places, customers } = impactOf(outage)
  const rows = await q.query<{ customer_id: string, reasons: string[] }>(
    `WITH places AS (
       SELECT lower(city) AS city, upper(replace(post_code, ' ', '')) AS post_code, lower(country) AS country
       FROM unnest($2::text[], $3::text[], $4::text[]) AS p(city, post_code, country)
     ), matched AS (
       SELECT o.customer_id, 'productOffering:' || (i->'productOffering'->>'id') AS reason
       FROM cx_entity o, jsonb_array_elements(CASE WHEN jsonb_typeof(o.doc->'productOrderItem') = 'array' THEN o.doc->'productOrderItem' ELSE '[]' END) i
       WHERE o.kind = 'productOrder' AND NOT o.deleted AND o.customer_id IS NOT NULL AND cardinality($1::text[]) > 0
         AND o.doc->>'state' = ANY($6::text[]) AND i->'productOffering'->>'id' = ANY($1::text[])
       UNION
       SELECT c.id, 'place:' || coalesce(p.city, p.post_code)
       FROM cx_entity c, jsonb_array_elements(CASE WHEN jsonb_typeof(c.doc->'contactMedium') = 'array' THEN c.doc->'contactMedium' ELSE '[]' END) m, places p
       WHERE c.kind = 'customer' AND NOT c.deleted
         AND (p.city IS NULL OR lower(coalesce(m->>'city', m#>>'{characteristic,city}')) = p.city)
         AND (p.post_code IS NULL OR upper(replace(coalesce(m->>'postCode', m#>>'{characteristic,postCode}'), ' ', '')) = p.post_code)
         AND (p.country IS NULL OR lower(coalesce(m->>'country', m#>>'{characteristic,country}')) = p.country)
       UNION
       SELECT c.id, 'customer' FROM cx_entity c WHERE c.kind = 'customer' AND NOT c.deleted AND c.id = ANY($5::text[])
     )
     SELECT m.customer_id, array_agg(DISTINCT m.reason ORDER BY m.reason) AS reasons
     FROM matched m JOIN cx_entity c ON c.kind = 'customer' AND c.id = m.customer_id AND NOT c.deleted
     GROUP BY m.customer_id`,
    [offerings, places.map((p) => p.city), places.map((p) => p.postCode), places.map((p) => p.country), customers, HOLDING_ORDER_STATES],
    { name: 'cx-outage-resolve-impact' })
  return new Map(rows.rows.map((r) => [r.customer_id, r.reasons]))
}
