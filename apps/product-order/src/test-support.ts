import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type tap from 'tap'
import { aPartyRef, bearer, serverTestOptions, type StoreKind } from '@cx/test-kit'
import { buildApp } from './app.ts'

export const V5 = '/tmf-api/productOrderingManagement/v5'
export const V4 = '/tmf-api/productOrderingManagement/v4'
export const ORDERS = `${V5}/productOrder`
export const CANCELS = `${V5}/cancelProductOrder`

type Body = Record<string, unknown>

/** A tap test, for cases that run on an app started by another test file. */
export type TapLike = Parameters<Parameters<typeof tap.test>[0]>[0]

/** The TMF622 app on its own database for one test, closed at teardown. */
export async function startProductOrders (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind): Promise<FastifyInstance> {
  const app = await buildApp(await serverTestOptions(t, kind) as never)
  t.teardown(() => app.close())
  await app.ready()
  return app
}

export type Caller = (opts: InjectOptions) => Promise<LightMyRequestResponse>

/** app.inject as a given caller ('operator' or a partner id). */
export function as (app: FastifyInstance, who: string): Caller {
  return async (opts) => await app.inject({ ...opts, headers: { authorization: await bearer(who), ...(opts.headers ?? {}) } })
}

/** A merge patch as a given caller. */
export async function mergePatch (call: Caller, url: string, payload: Body): Promise<LightMyRequestResponse> {
  return await call({ method: 'PATCH', url, headers: { 'content-type': 'application/merge-patch+json' }, payload })
}

export function anItem (id: string, overrides: Body = {}): Body {
  return { '@type': 'ProductOrderItem', id, action: 'add', quantity: 1, productOffering: { '@type': 'ProductOfferingRef', id: `offer-${id}`, name: `Offer ${id}` }, ...overrides }
}

/** A valid v5 create body: two items, a customer and the partner fulfilling it. */
export function anOrder (overrides: Body = {}): Body {
  return {
    '@type': 'ProductOrder',
    category: 'B2C',
    description: 'Fibre broadband with a Wi-Fi router',
    relatedParty: [aPartyRef('customer', 'cust-001'), aPartyRef('partner', 'fibreco', 'BusinessPartner')],
    productOrderItem: [anItem('1'), anItem('2')],
    ...overrides
  }
}

/** Item states by id, nested items included. */
export function itemStatesOf (order: Body): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return
    for (const i of items as Body[]) { out[String(i.id)] = i.state; walk(i.productOrderItem) }
  }
  walk(order.productOrderItem)
  return out
}

/** A JSON Patch Query moving items to new states: { '1': 'inProgress' }. */
export async function moveItems (call: Caller, href: string, states: Record<string, string>): Promise<LightMyRequestResponse> {
  const ops = Object.entries(states).map(([id, state]) => ({ op: 'replace', path: `/productOrderItem?id=${id}/state`, value: state }))
  return await call({ method: 'PATCH', url: href, headers: { 'content-type': 'application/json-patch-query+json' }, payload: ops })
}

/** Event types written to the outbox for one resource, oldest first. */
export async function outboxTypes (app: FastifyInstance, resourceId: string): Promise<string[]> {
  const rows = await app.db.query<{ event_type: string }>('SELECT event_type FROM cx_outbox WHERE resource_id = $1 ORDER BY seq', [resourceId])
  return rows.rows.map((r) => r.event_type)
}
