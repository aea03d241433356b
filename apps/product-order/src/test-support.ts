import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { aPartyRef, type StoreKind, startApp, type Caller } from '@cx/test-kit'
import { buildApp } from './app.ts'

export { as, mergePatch, outboxTypes, type Caller } from '@cx/test-kit'

export const V5 = '/tmf-api/productOrderingManagement/v5'
export const V4 = '/tmf-api/productOrderingManagement/v4'
export const ORDERS = `${V5}/productOrder`
export const CANCELS = `${V5}/cancelProductOrder`

type Body = Record<string, unknown>

/** This app on its own test database, closed at teardown. */
export async function startProductOrders (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  return await startApp(t, buildApp, kind, overrides)
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
