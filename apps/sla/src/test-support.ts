import type { FastifyInstance } from 'fastify'
import { aPartyRef, type StoreKind, startApp, type Caller } from '@cx/test-kit'
import { buildApp } from './app.ts'

export { as, mergePatch, outboxTypes, type Caller } from '@cx/test-kit'

export const ROOT = '/tmf-api/slaManagement/v4'
export const SLA = `${ROOT}/sla`
export const VIOLATION = `${ROOT}/slaViolation`
/** Headers of a merge patch (the test kit's). */
import { MERGE_PATCH as MERGE } from '@cx/test-kit'
export { MERGE }

type Body = Record<string, unknown>

/** This app on its own test database, closed at teardown. */
export async function startSla (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  return await startApp(t, buildApp, kind, overrides)
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
