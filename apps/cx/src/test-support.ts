import type { FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import { buildTmfServer } from '@cx/engine'
import { customerApi } from '@cx/customer'
import { productOrderApi } from '@cx/product-order'
import { troubleTicketApi } from '@cx/trouble-ticket'
import { slaApi } from '@cx/sla'
import { surveyApi } from '@cx/survey'
import { devIssueToken } from '@cx/auth'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { aPartyRef, as, serverTestOptions, TEST_AUTH, until, type Caller, type StoreKind } from '@cx/test-kit'
import { buildApp, type CxAppOptions } from './app.ts'
import type { CxSyncOptions } from './cx-plugin.ts'

export { as, mergePatch, until, waitUntil, type Caller } from '@cx/test-kit'

type Body = Record<string, unknown>
interface T { teardown: (fn: () => unknown) => void }

export const C360 = '/tmf-api/customer360/v5/customer360'
export const JOURNEY = '/tmf-api/cxAnalytics/v1/journeyEvent'
export const CUSTOMERS = '/tmf-api/customerManagement/v5/customer'
export const ORDERS = '/tmf-api/productOrderingManagement/v5/productOrder'
export const TICKETS = '/tmf-api/troubleTicket/v5/troubleTicket'
export const SLAS = '/tmf-api/slaManagement/v4/sla'
export const VIOLATIONS = '/tmf-api/slaManagement/v4/slaViolation'
export const SURVEYS = '/tmf-api/customerSatisfaction/v1/survey'
export const RESPONSES = '/tmf-api/customerSatisfaction/v1/surveyResponse'
export const HUB_SECRET = 'cx-test-hub-secret-0123456789'

export const urlOf = (app: FastifyInstance): string => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

/** The five resource services in one server (as separate processes would be, but cheaper), listening. */
export async function startSources (t: T, kind: StoreKind): Promise<FastifyInstance> {
  const app = await buildTmfServer([customerApi, productOrderApi, troubleTicketApi, slaApi, surveyApi], await serverTestOptions(t, kind) as never)
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

/**
 * Options for a cx app on its own test database, reading the sources at `sourcesUrl`. With
 * `persistent`, the database survives a restart of cx (PGlite in a temporary directory rather than
 * in memory, which costs ~20 s of start-up on PGlite).
 */
export async function cxTestOptions (t: T, kind: StoreKind, sourcesUrl: string, cx: Partial<CxSyncOptions> = {}, persistent = false): Promise<CxAppOptions> {
  const token = await devIssueToken(TEST_AUTH, 'operator')
  const base = await serverTestOptions(t, kind)
  if (kind === 'pglite' && persistent) {
    const dir = await mkdtemp(join(tmpdir(), 'cx-test-'))
    t.teardown(() => rm(dir, { recursive: true, force: true }))
    base.db = { dataDir: dir }
  }
  return { ...base, cx: { hubSecret: HUB_SECRET, token, sourceOrigins: sourcesUrl, checkIntervalMs: 300, ...cx } } as never
}

/** A cx app built from `opts`, listening (so it subscribes and back-fills), live on every source. */
export async function startCxWith (t: T, opts: CxAppOptions, live = true): Promise<FastifyInstance> {
  const app = await buildApp(opts)
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  if (live) await waitLive(app)
  return app
}

/** The cx app on its own test database, reading `sources`, listening and live. */
export async function startCx (t: T, kind: StoreKind, sourcesUrl: string, cx: Partial<CxSyncOptions> = {}): Promise<FastifyInstance> {
  return await startCxWith(t, await cxTestOptions(t, kind, sourcesUrl, cx))
}

/** Waits until every source is live in cx (subscribed at this cx's address and back-filled since). */
export async function waitLive (cx: FastifyInstance): Promise<void> {
  await until('every cx source live', async () => {
    const rows = (await cx.db.query<{ status: string }>("SELECT status FROM cx_source WHERE status = 'live' AND callback LIKE $1", [`${urlOf(cx)}/%`])).rows
    return rows.length === 5 ? true : undefined
  })
}

/** GETs a 360 as `who` until `ready` holds for it; returns it. */
export async function the360 (cx: FastifyInstance, who: string, customerId: string, ready: (doc: Body) => boolean = () => true): Promise<Body> {
  const call = as(cx, who)
  return await until(`the 360 of ${customerId} as ${who}`, async () => {
    const res = await call({ method: 'GET', url: `${C360}/${customerId}` })
    if (res.statusCode !== 200) return undefined
    const doc = res.json() as Body
    return ready(doc) ? doc : undefined
  })
}

const ok = async (call: Caller, method: 'POST' | 'PATCH', url: string, payload: Body): Promise<Body & { id: string, href: string }> => {
  const res = await call({ method, url, payload, ...(method === 'PATCH' ? { headers: { 'content-type': 'application/merge-patch+json' } } : {}) })
  if (res.statusCode >= 300) throw new Error(`setup ${method} ${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

export const customerOf = (id: string): Body => ({ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRoleRef', id, '@referredType': 'Customer' } })
export const partnerRef = (id: string): Body => aPartyRef('partner', id, 'BusinessPartner')

export async function createCustomer (call: Caller, name: string, partners: string[] = [], extra: Body = {}): Promise<Body & { id: string, href: string }> {
  return await ok(call, 'POST', CUSTOMERS, {
    '@type': 'Customer',
    name,
    engagedParty: { '@type': 'PartyRef', id: `party-${name.replace(/\W/g, '')}`, name, '@referredType': 'Individual' },
    characteristic: [{ '@type': 'StringCharacteristic', name: 'segment', value: 'residential' }],
    relatedParty: partners.map(partnerRef),
    ...extra
  })
}

export async function createTicket (call: Caller, customerId: string, partner: string | null, extra: Body = {}): Promise<Body & { id: string, href: string }> {
  return await ok(call, 'POST', TICKETS, {
    '@type': 'TroubleTicket',
    name: 'No broadband',
    description: 'No broadband since 08:00',
    severity: 'Major',
    ticketType: 'Incident',
    relatedParty: [customerOf(customerId), ...(partner === null ? [] : [partnerRef(partner)])],
    ...extra
  })
}

export async function createOrder (call: Caller, customerId: string, partner: string | null, extra: Body = {}): Promise<Body & { id: string, href: string }> {
  return await ok(call, 'POST', ORDERS, {
    '@type': 'ProductOrder',
    description: 'Fibre 1 Gbps',
    relatedParty: [customerOf(customerId), ...(partner === null ? [] : [partnerRef(partner)])],
    productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', action: 'add', quantity: 1, productOffering: { '@type': 'ProductOfferingRef', id: 'fibre-1g', name: 'Fibre 1 Gbps' } }],
    ...extra
  })
}

export async function patch (call: Caller, href: string, body: Body): Promise<Body & { id: string, href: string }> {
  return await ok(call, 'PATCH', href, body)
}

/** An active SLA of `partner` and one violation of it for the customer. */
export async function createViolation (op: Caller, customerId: string, partner: string): Promise<Body & { id: string, href: string }> {
  const sla = await ok(op, 'POST', SLAS, {
    '@type': 'Sla',
    name: `${partner} SLA`,
    version: '1.0',
    validFor: { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2099-12-31T23:59:59Z' },
    relatedParty: [aPartyRef('SLAProvider', partner, 'BusinessPartner'), aPartyRef('SLAConsumer', 'csp', 'Organization')],
    rule: [{ '@type': 'SlaRule', id: 'ttr', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 8, consequence: { '@type': 'SlaConsequence', penalty: { unit: 'EUR', value: 500 } } }]
  })
  for (const state of ['approved', 'active']) await patch(op, sla.href, { state })
  return await ok(op, 'POST', VIOLATIONS, {
    '@type': 'SlaViolation',
    sla: { id: sla.id },
    rule: { id: 'ttr' },
    date: new Date(Date.now() - 3_600_000).toISOString(),
    actualValue: 12,
    relatedParty: [customerOf(customerId)]
  })
}

/** An active NPS + CSAT survey. */
export async function createSurvey (op: Caller): Promise<Body & { id: string, href: string }> {
  return await ok(op, 'POST', SURVEYS, {
    '@type': 'Survey',
    name: 'After a repair',
    status: 'active',
    question: [
      { '@type': 'SurveyQuestion', id: 'nps', text: 'Recommend us?', metric: 'nps' },
      { '@type': 'SurveyQuestion', id: 'csat', text: 'Satisfied?', metric: 'csat' }
    ]
  })
}

export async function createResponse (call: Caller, surveyId: string, customerId: string, partner: string, nps: number, csat: number): Promise<Body & { id: string, href: string }> {
  return await ok(call, 'POST', RESPONSES, {
    '@type': 'SurveyResponse',
    survey: { id: surveyId },
    status: 'completed',
    relatedParty: [customerOf(customerId), partnerRef(partner)],
    answer: [{ '@type': 'SurveyAnswer', questionId: 'nps', value: nps }, { '@type': 'SurveyAnswer', questionId: 'csat', value: csat }]
  })
}
