import type { Doc } from './declaration.ts'

/**
 * Reusable v4 ↔ v5 translations (TMF.md §0 and the per-API rename lists). A resource's v4
 * mapping composes these; every function keeps the attributes it does not know untouched.
 */

const REF_KEYS = ['id', 'href', 'name', '@referredType'] as const

/** v5 {role, partyOrPartyRole: {id, href, name, @referredType}} → v4 flat {id, href, name, role, @referredType}. */
export function relatedPartyToV4 (rp: Doc): Doc {
  const ref = (rp.partyOrPartyRole ?? {}) as Doc
  const out: Doc = { role: rp.role }
  for (const k of REF_KEYS) if (ref[k] !== undefined) out[k] = ref[k]
  if (out['@referredType'] === undefined) out['@referredType'] = 'Individual'
  return out
}

export function relatedPartyToV5 (rp: Doc): Doc {
  const ref: Doc = { '@type': rp['@referredType'] === 'BusinessPartner' || rp['@referredType'] === 'Supplier' ? 'PartyRoleRef' : 'PartyRef' }
  for (const k of REF_KEYS) if (rp[k] !== undefined) ref[k] = rp[k]
  return { '@type': 'RelatedPartyRefOrPartyRoleRef', role: rp.role ?? 'unknown', partyOrPartyRole: ref }
}

/** v5 {role, entity: EntityRef} → v4 flat {id, href, name, role, @referredType}. */
export function relatedEntityToV4 (re: Doc): Doc {
  const ref = (re.entity ?? {}) as Doc
  const out: Doc = { role: re.role }
  for (const k of REF_KEYS) if (ref[k] !== undefined) out[k] = ref[k]
  return out
}

export function relatedEntityToV5 (re: Doc): Doc {
  const entity: Doc = { '@type': 'EntityRef' }
  for (const k of REF_KEYS) if (re[k] !== undefined) entity[k] = re[k]
  return { '@type': 'RelatedEntity', role: re.role ?? 'related', entity }
}

function mapArray (doc: Doc, key: string, fn: (d: Doc) => Doc): void {
  const v = doc[key]
  if (Array.isArray(v)) doc[key] = v.map((x) => (x !== null && typeof x === 'object' ? fn(x as Doc) : x))
}

function rename (doc: Doc, from: string, to: string, fn: (v: unknown) => unknown = (v) => v): void {
  if (from in doc) {
    const v = doc[from]
    delete doc[from]
    doc[to] = v === null ? null : fn(v)
  }
}

export interface CommonV4Options {
  /** v5 history field, its v4 name and how its entries map (TMF621: statusChangeHistory → statusChange). */
  history?: { v5: string, v4: string, stateKey: string, v5Date: string, v4Date: string, v5Reason: string, v4Reason: string }
  /** v5 `externalIdentifier[]` ↔ v4 `externalId` (a string). */
  externalId?: boolean
  /** Attribute renames (v5 name → v4 name), e.g. creationDate → orderDate for TMF622. */
  renames?: Readonly<Record<string, string>>
}

export function commonToV4 (v5: Doc, o: CommonV4Options = {}): Doc {
  const doc: Doc = structuredClone(v5)
  mapArray(doc, 'relatedParty', relatedPartyToV4)
  mapArray(doc, 'relatedEntity', relatedEntityToV4)
  if (o.externalId === true) {
    rename(doc, 'externalIdentifier', 'externalId', (v) => Array.isArray(v) ? (v[0] as Doc | undefined)?.id : v)
  }
  const h = o.history
  if (h !== undefined) {
    rename(doc, h.v5, h.v4, (v) => Array.isArray(v)
      ? v.map((e: Doc) => ({ [h.stateKey]: e[h.stateKey], [h.v4Date]: e[h.v5Date], ...(e[h.v5Reason] === undefined ? {} : { [h.v4Reason]: e[h.v5Reason] }) }))
      : v)
  }
  for (const [from, to] of Object.entries(o.renames ?? {})) rename(doc, from, to)
  if (typeof doc.href === 'string') doc.href = doc.href.replace(/\/v5\//, '/v4/')
  return doc
}

export function commonToV5 (v4: Doc, type: string, o: CommonV4Options = {}): Doc {
  const doc: Doc = structuredClone(v4)
  if (doc['@type'] === undefined) doc['@type'] = type
  mapArray(doc, 'relatedParty', (rp) => ('partyOrPartyRole' in rp ? rp : relatedPartyToV5(rp)))
  mapArray(doc, 'relatedEntity', (re) => ('entity' in re ? re : relatedEntityToV5(re)))
  if (o.externalId === true) {
    rename(doc, 'externalId', 'externalIdentifier', (v) => (typeof v === 'string' ? [{ '@type': 'ExternalIdentifier', id: v }] : v))
  }
  const h = o.history
  if (h !== undefined) {
    rename(doc, h.v4, h.v5, (v) => Array.isArray(v)
      ? v.map((e: Doc) => ({ '@type': 'StatusChange', [h.stateKey]: e[h.stateKey], [h.v5Date]: e[h.v4Date], ...(e[h.v4Reason] === undefined ? {} : { [h.v5Reason]: e[h.v4Reason] }) }))
      : v)
  }
  for (const [from, to] of Object.entries(o.renames ?? {})) rename(doc, to, from)
  if (typeof doc.href === 'string') doc.href = doc.href.replace(/\/v4\//, '/v5/')
  return doc
}

/** v4 filter paths on flat references → the nested v5 paths. */
export function commonMapPath (path: string[], o: CommonV4Options = {}): string[] {
  const [head, ...rest] = path
  if (head === 'relatedParty' && rest.length > 0 && rest[0] !== 'role' && rest[0] !== 'partyOrPartyRole') return ['relatedParty', 'partyOrPartyRole', ...rest]
  if (head === 'relatedEntity' && rest.length > 0 && rest[0] !== 'role' && rest[0] !== 'entity') return ['relatedEntity', 'entity', ...rest]
  if (head === 'externalId' && o.externalId === true) return ['externalIdentifier', 'id']
  const h = o.history
  if (h !== undefined && head === h.v4) return [h.v5, ...rest.map((s) => (s === h.v4Date ? h.v5Date : s === h.v4Reason ? h.v5Reason : s))]
  for (const [v5, v4] of Object.entries(o.renames ?? {})) if (head === v4) return [v5, ...rest]
  return path
}
