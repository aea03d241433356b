import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { aPartyRef, bearer, serverTestOptions, type StoreKind } from '@cx/test-kit'
import { buildApp } from './app.ts'

export const ROOT = '/tmf-api/slaManagement/v4'
export const SLA = `${ROOT}/sla`
export const VIOLATION = `${ROOT}/slaViolation`
export const MERGE = { 'content-type': 'application/merge-patch+json' }

type Body = Record<string, unknown>
type Caller = (opts: InjectOptions) => Promise<LightMyRequestResponse>

/** The TMF623 app on its own database for one test, closed at teardown. */
export async function startSla (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const app = await buildApp(await serverTestOptions(t, kind, overrides) as never)
  t.teardown(() => app.close())
  await app.ready()
  return app
}

/** app.inject as a given caller ('operator' or a partner id). */
export function as (app: FastifyInstance, who: string): Caller {
  return async (opts) => await app.inject({ ...opts, headers: { authorization: await bearer(who), ...(opts.headers ?? {}) } })
}

export function aRule (overrides: Body = {}): Body {
  return {
    '@type': 'SlaRule',
    id: 'ttr-critical',
    metric: 'timeToResolve',
    unit: 'hours',
    operator: '.le',
    referenceValue: 8,
    tolerance: 0.5,
    appliesTo: { ticketType: ['Incident'], severity: ['Critical'] },
    consequence: { '@type': 'SlaConsequence', penalty: { unit: 'EUR', value: 500 } },
    ...overrides
  }
}

/** A valid SLA held by `provider` towards the operator's CSP. */
export function anSla (overrides: Body = {}, provider = 'partner-a'): Body {
  return {
    '@type': 'Sla',
    name: 'Wholesale access SLA',
    version: '1.0',
    validFor: { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2099-12-31T23:59:59Z' },
    relatedParty: [aPartyRef('SLAProvider', provider, 'BusinessPartner'), aPartyRef('SLAConsumer', 'csp', 'Organization')],
    rule: [
      aRule(),
      aRule({ id: 'tta-critical', metric: 'timeToAcknowledge', unit: 'minutes', referenceValue: 30, tolerance: undefined, consequence: { penalty: { unit: 'EUR', value: 100 } } }),
      aRule({ id: 'availability', metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.9, tolerance: 0.05, appliesTo: undefined })
    ],
    ...overrides
  }
}

export function aViolation (slaId: string, overrides: Body = {}): Body {
  return {
    '@type': 'SlaViolation',
    sla: { id: slaId },
    rule: { id: 'ttr-critical' },
    date: '2025-03-04T18:00:00Z',
    actualValue: 31,
    relatedParty: [aPartyRef('customer', 'cust-001')],
    relatedEntity: [{ '@type': 'RelatedEntity', role: 'breachedBy', entity: { '@type': 'EntityRef', id: 'tt-1', '@referredType': 'TroubleTicket' } }],
    ...overrides
  }
}

/** Creates an SLA as the operator and moves it through `path` (default: approved, active). */
export async function createSla (op: Caller, body: Body = anSla(), path: readonly string[] = ['approved', 'active']): Promise<Body> {
  const created = await op({ method: 'POST', url: SLA, payload: body })
  if (created.statusCode !== 201) throw new Error(`setup: ${created.body}`)
  let sla = created.json() as Body
  for (const state of path) {
    const res = await op({ method: 'PATCH', url: String(sla.href), headers: MERGE, payload: { state } })
    if (res.statusCode !== 200) throw new Error(`setup ${state}: ${res.body}`)
    sla = res.json() as Body
  }
  return sla
}

export async function createViolation (op: Caller, slaId: string, overrides: Body = {}, path: readonly string[] = []): Promise<Body> {
  const created = await op({ method: 'POST', url: VIOLATION, payload: aViolation(slaId, overrides) })
  if (created.statusCode !== 201) throw new Error(`setup: ${created.body}`)
  let violation = created.json() as Body
  for (const state of path) {
    const res = await op({ method: 'PATCH', url: String(violation.href), headers: MERGE, payload: { state } })
    if (res.statusCode !== 200) throw new Error(`setup ${state}: ${res.body}`)
    violation = res.json() as Body
  }
  return violation
}

/** Event types recorded in the outbox for one resource, in order. */
export async function outboxTypes (app: FastifyInstance, resourceId: string): Promise<string[]> {
  const rows = await app.db.query<{ event_type: string }>('SELECT event_type FROM cx_outbox WHERE resource_id = $1 ORDER BY seq', [resourceId])
  return rows.rows.map((r) => r.event_type)
}
