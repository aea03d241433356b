/**
 * How one demo seed links to what another created. The story names its resources by keys of its
 * own ('cust-001', 'ticket-ada-fibre-outage'); the services name them by server-assigned ids. A
 * seed that creates a resource remembers it under its key; a later seed resolves the key to the
 * resource's id and href. When the creating seed ran in an earlier start (seeds run once per
 * database), the key is looked up through the API with the finder that seed declares.
 */

/** The kinds of resource a seed may link to. */
export type SeedRefKind = 'customer' | 'troubleTicket' | 'productOrder'

/** The resource behind a story key: what a reference to it (RelatedParty, RelatedEntity) needs. */
export interface SeedRef { id: string, href: string, name?: string }

/** A GET of a list through the HTTP surface, as the operator. */
export type SeedList = (url: string) => Promise<Array<Record<string, unknown>>>

/**
 * Finds, through the API, the resource an earlier run created under `key`; undefined when there
 * is none. Declared by the seed that creates the kind, so it knows where it put the key.
 */
export type SeedFinder = (list: SeedList, key: string) => Promise<SeedRef | undefined>

/** A finder bound to the HTTP surface of one seeding pass. */
export type BoundFinder = (key: string) => Promise<SeedRef | undefined>

/** The reference part of a created (or listed) resource document. */
export function refOf (doc: Record<string, unknown>): SeedRef {
  if (typeof doc.id !== 'string' || typeof doc.href !== 'string') throw new Error(`seed: ${JSON.stringify(doc).slice(0, 120)} has no id and href`)
  return { id: doc.id, href: doc.href, ...(typeof doc.name === 'string' ? { name: doc.name } : {}) }
}

/** The one resource a finder's list found; throws when the key is ambiguous (the story keys are unique). */
export function onlyOne (kind: SeedRefKind, key: string, docs: Array<Record<string, unknown>>): SeedRef | undefined {
  if (docs.length > 1) throw new Error(`seed: ${docs.length} ${kind}s carry the story key ${key}`)
  return docs[0] === undefined ? undefined : refOf(docs[0])
}

/** The story keys of one seeding pass: remembered as seeds create resources, else found through the API. */
export class SeedRefs {
  private readonly known = new Map<string, SeedRef>()

  /** `finders`: how to look up each kind created by an earlier run, already bound to the HTTP surface. */
  constructor (private readonly finders: Partial<Record<SeedRefKind, BoundFinder>> = {}) {}

  /** Records what a seed just created under its story key; returns its reference. */
  remember (kind: SeedRefKind, key: string, created: Record<string, unknown>): SeedRef {
    const ref = refOf(created)
    this.known.set(`${kind}/${key}`, ref)
    return ref
  }

  /**
   * The resource behind a story key.
   * @throws Error when no seed of this pass created it and no finder finds it (the seeds are out
   * of order, or the key is misspelt): demo data with a dangling link is worse than none.
   */
  async resolve (kind: SeedRefKind, key: string): Promise<SeedRef> {
    const id = `${kind}/${key}`
    const seen = this.known.get(id)
    if (seen !== undefined) return seen
    const found = await this.finders[kind]?.(key)
    if (found === undefined) throw new Error(`seed: no ${kind} with the story key ${key} (created by an earlier seed?)`)
    this.known.set(id, found)
    return found
  }
}

/** Who owns the story keys kept in a ticket's or order's externalIdentifier. */
export const STORY_KEY_OWNER = 'cx-suite-demo'

/**
 * A story key as a TMF ExternalIdentifier (tickets, orders): the demo story is the external
 * system that names the resource, so an earlier run's resource can be found by it.
 */
export function storyKeyOf (key: string): Record<string, unknown> {
  return { '@type': 'ExternalIdentifier', id: key, owner: STORY_KEY_OWNER, externalIdentifierType: 'storyKey' }
}

/** The TMF630 filter that finds the resource carrying a story key. */
export function storyKeyQuery (key: string): string {
  return `externalIdentifier.id=${encodeURIComponent(key)}`
}

/** A TMF RelatedEntity linking to a seeded resource, e.g. a breach's ticket or a response's subject. */
export function relatedEntity (role: string, ref: SeedRef, referredType: string): Record<string, unknown> {
  return { '@type': 'RelatedEntity', role, entity: { '@type': 'EntityRef', id: ref.id, href: ref.href, ...(ref.name === undefined ? {} : { name: ref.name }), '@referredType': referredType } }
}

const STAND_IN_ROOTS: Record<SeedRefKind, string> = {
  customer: '/tmf-api/customerManagement/v5/customer',
  troubleTicket: '/tmf-api/troubleTicket/v5/troubleTicket',
  productOrder: '/tmf-api/productOrderingManagement/v5/productOrder'
}

/**
 * SeedRefs for one service's seed run without the others (each service's own seed test): every
 * story key resolves to a stand-in whose id is the key itself and whose href is where that
 * service would serve it, so the seed's links stay recognisable ('cust-001').
 */
export function standInRefs (): SeedRefs {
  const standIn = (kind: SeedRefKind) => async (key: string): Promise<SeedRef> => ({ id: key, href: `${STAND_IN_ROOTS[kind]}/${key}`, name: key })
  return new SeedRefs({ customer: standIn('customer'), troubleTicket: standIn('troubleTicket'), productOrder: standIn('productOrder') })
}
