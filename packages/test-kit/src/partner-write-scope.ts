import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test as Tap } from 'tap'
import { as } from './http.ts'
import { aPartyRef } from './builders.ts'

type Body = Record<string, unknown>

/** The partner whose scope is at stake, and the partner trying to change it. */
export const PARTNER_A = 'partner-a'
export const PARTNER_B = 'partner-b'

/** One resource, as the write-scope matrix sees it. */
export interface WriteScopeTarget {
  /** The collection on the root whose relatedParty entries are nested (v5 shape), e.g. `/tmf-api/troubleTicket/v5/troubleTicket`. */
  collection: string
  /** The same collection on a v4 root with flat relatedParty references, when the API has one. */
  v4Collection?: string
  /** A valid create body with exactly these relatedParty entries, nested form. */
  body: (relatedParty: Body[]) => Body | Promise<Body>
  /** A valid v4 create body with exactly these flat relatedParty entries (with `v4Collection`). */
  v4Body?: (relatedParty: Body[]) => Body
  /** The role of partner entries on this resource (default `partner`). */
  role?: string
  /** The role of the non-partner party a partner names freely (default `customer`). */
  otherRole?: string
  /** Whether a partner may create this resource at all; when not, only refusals are checked. */
  partnerCreates: boolean
  /** Whether the resource has PATCH (task resources have none). */
  patchable: boolean
  /** Whether a partner may change anything on it: when not, only refusals are checked. */
  partnerPatches: boolean
}

interface Created { id: string, href: string, v4href: string | undefined, relatedParty: Body[] }

const JSON_PATCH = { 'content-type': 'application/json-patch+json' }
const JSON_PATCH_QUERY = { 'content-type': 'application/json-patch-query+json' }
const MERGE = { 'content-type': 'application/merge-patch+json' }
const PLAIN_JSON = { 'content-type': 'application/json' }

interface HasDb { db: { query: <R>(sql: string, params?: readonly unknown[]) => Promise<{ rows: R[] }> } }

async function outboxCount (app: FastifyInstance): Promise<number> {
  const rows = await (app as unknown as HasDb).db.query<{ n: string | number }>('SELECT count(*) AS n FROM cx_outbox')
  return Number(rows.rows[0]?.n ?? 0)
}

/**
 * The partner write-scope rule (README "Partner scope") through HTTP, on one resource: partner B
 * may add, change or remove only its own partner entry in relatedParty, in v5 and v4 bodies and
 * every PATCH media type; everything else is a 403 TMF Error (code ERR403-PARTNER-SCOPE) that
 * leaves the resource, partner A's view and the outbox untouched. The operator may do all of it.
 */
export async function checkPartnerWriteScope (t: Tap, app: FastifyInstance, target: WriteScopeTarget): Promise<void> {
  const op = as(app, 'operator')
  const a = as(app, PARTNER_A)
  const b = as(app, PARTNER_B)
  const role = target.role ?? 'partner'
  const otherRole = target.otherRole ?? 'customer'
  const partner = (id: string, r = role): Body => aPartyRef(r, id, 'BusinessPartner')
  const customer = aPartyRef(otherRole, 'cust-001')
  const flat = (id: string, r: string, referredType = 'BusinessPartner'): Body => ({ id, role: r, '@referredType': referredType })
  const v4Of = (href: string): string | undefined => target.v4Collection === undefined ? undefined : `${target.v4Collection}/${href.slice(href.lastIndexOf('/') + 1)}`

  const create = async (relatedParty: Body[]): Promise<Created> => {
    const res = await op({ method: 'POST', url: target.collection, payload: await target.body(relatedParty) })
    if (res.statusCode !== 201) throw new Error(`operator create on ${target.collection}: ${res.statusCode} ${res.body}`)
    const href = String(res.json().href)
    return { id: String(res.json().id), href, v4href: v4Of(href), relatedParty: res.json().relatedParty as Body[] }
  }
  /** Where a party's entry sits in the stored relatedParty (hooks may have reordered it). */
  const indexOf = (resource: Created, id: string): number => resource.relatedParty.findIndex((rp) => (rp.partyOrPartyRole as Body | undefined)?.id === id)

  /** Asserts a write-scope refusal that changed nothing: same document, same version, no event. */
  const refused = async (t: Tap, what: string, write: () => Promise<LightMyRequestResponse>, resource?: Created): Promise<void> => {
    const events = await outboxCount(app)
    const before = resource === undefined ? undefined : await op({ method: 'GET', url: resource.href })
    const total = (await op({ method: 'GET', url: `${target.collection}?fields=id&limit=1` })).headers['x-total-count']
    const res = await write()
    t.equal(res.statusCode, 403, `${what}: 403`)
    t.match(res.json(), { '@type': 'Error', code: 'ERR403-PARTNER-SCOPE', status: '403', reason: 'Forbidden' }, `${what}: a TMF Error naming the rule`)
    t.equal(await outboxCount(app), events, `${what}: no event written, so nobody is notified`)
    t.equal((await op({ method: 'GET', url: `${target.collection}?fields=id&limit=1` })).headers['x-total-count'], total, `${what}: nothing created`)
    if (resource !== undefined && before !== undefined) {
      const after = await op({ method: 'GET', url: resource.href })
      t.same(after.json(), before.json(), `${what}: the resource is unchanged`)
      t.equal(after.headers.etag, before.headers.etag, `${what}: same version`)
    }
  }

  await t.test('creates naming another partner are refused, in v5 and v4 form', async (t) => {
    // Bodies are built first: a builder may create what the body refers to (an order to cancel).
    const post = async (relatedParty: Body[]): Promise<() => Promise<LightMyRequestResponse>> => {
      const payload = await target.body(relatedParty)
      return async () => await b({ method: 'POST', url: target.collection, payload })
    }
    await refused(t, 'v5, role partner', await post([customer, partner(PARTNER_A)]))
    await refused(t, 'v5, role in other case', await post([customer, partner(PARTNER_A, ` ${role.toUpperCase()}`)]))
    await refused(t, 'v5, next to itself', await post([partner(PARTNER_B), customer, partner(PARTNER_A)]))
    if (target.v4Collection !== undefined && target.v4Body !== undefined) {
      const v4Body = target.v4Body
      await refused(t, 'v4 flat form', async () => await b({ method: 'POST', url: String(target.v4Collection), payload: v4Body([flat('cust-001', otherRole, 'Individual'), flat(PARTNER_A, role)]) }))
    }
    t.equal((await a({ method: 'GET', url: target.collection })).headers['x-total-count'], '0', 'partner A was put into nothing')
  })

  if (target.partnerCreates) {
    await t.test('a partner names customers freely and itself as partner', async (t) => {
      const res = await b({ method: 'POST', url: target.collection, payload: await target.body([customer]) })
      t.equal(res.statusCode, 201, res.body)
      t.ok((res.json().relatedParty as Body[]).some((rp) => (rp.partyOrPartyRole as Body).id === PARTNER_B), 'added as partner')
      const named = await b({ method: 'POST', url: target.collection, payload: await target.body([customer, partner(PARTNER_B)]) })
      t.equal(named.statusCode, 201, named.body)
    })
  }

  await t.test('the operator names any partner', async (t) => {
    const res = await op({ method: 'POST', url: target.collection, payload: await target.body([customer, partner(PARTNER_A), partner(PARTNER_B)]) })
    t.equal(res.statusCode, 201, res.body)
  })

  if (!target.patchable) return

  await t.test('patches that remove, change or add another partner are refused, in every media type and both versions', async (t) => {
    const shared = await create([customer, partner(PARTNER_A), partner(PARTNER_B)])
    const own = await create([customer, partner(PARTNER_B)])
    const patch = (who: typeof b, url: string, headers: Record<string, string>, payload: unknown) => async () =>
      await who({ method: 'PATCH', url, headers, payload: payload as Body })

    await refused(t, 'JSON Patch Query removing A', patch(b, shared.href, JSON_PATCH_QUERY, [{ op: 'remove', path: `/relatedParty?partyOrPartyRole.id=${PARTNER_A}` }]), shared)
    await refused(t, 'merge patch replacing relatedParty', patch(b, shared.href, MERGE, { relatedParty: [customer, partner(PARTNER_B)] }), shared)
    await refused(t, 'application/json replacing relatedParty', patch(b, shared.href, PLAIN_JSON, { relatedParty: [customer, partner(PARTNER_B)] }), shared)
    await refused(t, 'merge patch dropping relatedParty', patch(b, shared.href, MERGE, { relatedParty: null }), shared)
    const atA = `/relatedParty/${indexOf(shared, PARTNER_A)}`
    const atB = `/relatedParty/${indexOf(shared, PARTNER_B)}`
    await refused(t, 'JSON Patch removing A by index', patch(b, shared.href, JSON_PATCH, [{ op: 'remove', path: atA }]), shared)
    await refused(t, 'JSON Patch renaming A', patch(b, shared.href, JSON_PATCH, [{ op: 'add', path: `${atA}/partyOrPartyRole/name`, value: 'Not A' }]), shared)
    await refused(t, 'JSON Patch demoting A to a customer', patch(b, shared.href, JSON_PATCH, [{ op: 'replace', path: `${atA}/role`, value: otherRole }]), shared)
    await refused(t, 'JSON Patch turning its own entry into A', patch(b, shared.href, JSON_PATCH, [{ op: 'replace', path: `${atB}/partyOrPartyRole/id`, value: PARTNER_A }]), shared)
    await refused(t, 'JSON Patch adding A', patch(b, own.href, JSON_PATCH, [{ op: 'add', path: '/relatedParty/-', value: partner(PARTNER_A) }]), own)
    await refused(t, 'JSON Patch Query adding A', patch(b, own.href, JSON_PATCH_QUERY, [{ op: 'add', path: '/relatedParty/-', value: partner(PARTNER_A) }]), own)
    await refused(t, 'merge patch adding A', patch(b, own.href, MERGE, { relatedParty: [customer, partner(PARTNER_B), partner(PARTNER_A)] }), own)
    await refused(t, 'JSON Patch adding A in another case of the role', patch(b, own.href, JSON_PATCH, [{ op: 'add', path: '/relatedParty/-', value: partner(PARTNER_A, role.toUpperCase()) }]), own)
    if (shared.v4href !== undefined && own.v4href !== undefined) {
      await refused(t, 'v4 JSON Patch Query removing A', patch(b, shared.v4href, JSON_PATCH_QUERY, [{ op: 'remove', path: `/relatedParty?id=${PARTNER_A}` }]), shared)
      await refused(t, 'v4 merge patch replacing relatedParty', patch(b, shared.v4href, MERGE, { relatedParty: [flat('cust-001', otherRole, 'Individual'), flat(PARTNER_B, role)] }), shared)
      await refused(t, 'v4 JSON Patch adding A', patch(b, own.v4href, JSON_PATCH, [{ op: 'add', path: '/relatedParty/-', value: flat(PARTNER_A, role) }]), own)
    }
    t.equal((await a({ method: 'GET', url: shared.href })).statusCode, 200, 'A keeps the shared resource')
    t.equal((await a({ method: 'GET', url: own.href })).statusCode, 404, 'A was not put into B\'s resource')
  })

  if (target.partnerPatches) {
    await t.test('a partner changes its own entry and names other parties', async (t) => {
      const shared = await create([customer, partner(PARTNER_A), partner(PARTNER_B)])
      const renamed = await b({ method: 'PATCH', url: shared.href, headers: JSON_PATCH, payload: [{ op: 'add', path: `/relatedParty/${indexOf(shared, PARTNER_B)}/partyOrPartyRole/name`, value: 'Partner B Ltd' }] })
      t.equal(renamed.statusCode, 200, renamed.body)
      const contact = await b({ method: 'PATCH', url: shared.href, headers: JSON_PATCH, payload: [{ op: 'add', path: '/relatedParty/-', value: aPartyRef('contact', 'person-9') }] })
      t.equal(contact.statusCode, 200, contact.body)
      t.equal((await a({ method: 'GET', url: shared.href })).statusCode, 200)
    })
  }

  await t.test('the operator adds and removes partners', async (t) => {
    const shared = await create([customer, partner(PARTNER_A), partner(PARTNER_B)])
    const removed = await op({ method: 'PATCH', url: shared.href, headers: JSON_PATCH_QUERY, payload: [{ op: 'remove', path: `/relatedParty?partyOrPartyRole.id=${PARTNER_A}` }] })
    t.equal(removed.statusCode, 200, removed.body)
    t.equal((await a({ method: 'GET', url: shared.href })).statusCode, 404, 'A no longer sees it')
    const added = await op({ method: 'PATCH', url: shared.href, headers: JSON_PATCH, payload: [{ op: 'add', path: '/relatedParty/-', value: partner(PARTNER_A) }] })
    t.equal(added.statusCode, 200, added.body)
    t.equal((await a({ method: 'GET', url: shared.href })).statusCode, 200, 'A sees it again')
  })
}
