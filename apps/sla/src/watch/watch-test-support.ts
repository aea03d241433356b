import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { signBody } from '@cx/events'
import { aPartyRef, as, startApp, type StoreKind } from '@cx/test-kit'
import { buildApp } from '../app.ts'
import { anSla, aRule, createSla, ROOT } from '../test-support.ts'

export const HUB_SECRET = 'sla-test-hub-secret-0123456789'
export const CLOCK = `${ROOT}/slaClock`

type Body = Record<string, unknown>

/** A clock the test moves by hand. */
export class TestClock {
  constructor (private at: number) {}
  now = (): Date => new Date(this.at)
  set (iso: string): void { this.at = Date.parse(iso) }
  advance (ms: number): void { this.at += ms }
  iso (): string { return new Date(this.at).toISOString() }
}

/** The sla app watching, with deadlines fired by hand (tick) on a clock the test moves. */
export async function startWatchingSla (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, clock: TestClock, watch: Body = {}): Promise<FastifyInstance> {
  return await startApp(t, buildApp, kind, { now: clock.now, watch: { hubSecret: HUB_SECRET, token: 'unused', sync: false, deadlines: 'manual', ...watch } })
}

/** A status change of a ticket's history. */
export interface Step { status: string, at: string }

/**
 * A TMF621 v5 ticket as its hub carries it: created at `created` (acknowledged), then each step;
 * lastUpdate is the last step's date.
 */
export function aTicket (id: string, created: string, steps: readonly Step[] = [], overrides: Body = {}, partner = 'partner-a'): Body {
  const history = [{ '@type': 'StatusChange', status: 'acknowledged', statusChangeDate: created }, ...steps.map((s) => ({ '@type': 'StatusChange', status: s.status, statusChangeDate: s.at }))]
  return {
    '@type': 'TroubleTicket',
    id,
    href: `/tmf-api/troubleTicket/v5/troubleTicket/${id}`,
    name: `ticket ${id}`,
    ticketType: 'Incident',
    severity: 'Critical',
    creationDate: created,
    lastUpdate: steps.length === 0 ? created : steps[steps.length - 1]?.at,
    status: history[history.length - 1]?.status,
    statusChangeHistory: history,
    relatedParty: [aPartyRef('partner', partner, 'Organization'), aPartyRef('customer', 'cust-001')],
    ...overrides
  }
}

/** A TMF622 v5 order, created (acknowledged) then moved through `steps` (state changes). */
export function anOrder (id: string, created: string, steps: readonly Step[] = [], partner = 'partner-a'): Body {
  const history = [{ '@type': 'ProductOrderStateChange', state: 'acknowledged', stateChangeDate: created }, ...steps.map((s) => ({ '@type': 'ProductOrderStateChange', state: s.status, stateChangeDate: s.at }))]
  return {
    '@type': 'ProductOrder',
    id,
    href: `/tmf-api/productOrderingManagement/v5/productOrder/${id}`,
    creationDate: created,
    lastUpdate: steps.length === 0 ? created : steps[steps.length - 1]?.at,
    state: history[history.length - 1]?.state,
    stateChangeHistory: history,
    productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'fibre-1g' } }],
    relatedParty: [aPartyRef('partner', partner, 'Organization'), aPartyRef('customer', 'cust-002')]
  }
}

/** Delivers one hub event to the watcher's listener, signed; returns the HTTP status. */
export async function deliver (app: FastifyInstance, source: 'troubleTicket' | 'productOrder', resource: Body, opts: { eventId?: string, secret?: string, type?: string } = {}): Promise<number> {
  const type = source === 'troubleTicket' ? 'TroubleTicket' : 'ProductOrder'
  const body = JSON.stringify({
    eventId: opts.eventId ?? randomUUID(),
    eventType: opts.type ?? `${type}AttributeValueChangeEvent`,
    eventTime: resource.lastUpdate,
    event: { [source]: resource }
  })
  const res = await app.inject({ method: 'POST', url: `/sla/listener/${source}`, payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(opts.secret ?? HUB_SECRET, body) } })
  return res.statusCode
}

/** An active SLA of partner-a with a time-to-acknowledge and a time-to-resolve rule on critical incidents. */
export async function activeSla (app: FastifyInstance, overrides: Body = {}, rules?: Body[]): Promise<Body> {
  const sla = await createSla(as(app, 'operator'), anSla({
    rule: rules ?? [
      aRule({ id: 'tta', metric: 'timeToAcknowledge', unit: 'minutes', referenceValue: 30, tolerance: undefined, consequence: { penalty: { unit: 'EUR', value: 100 } } }),
      aRule({ id: 'ttr', metric: 'timeToResolve', unit: 'hours', referenceValue: 4, tolerance: undefined, consequence: { penalty: { unit: 'EUR', value: 500 } } })
    ],
    ...overrides
  }))
  // What the scheduler's next round does (within a second): attach the new SLA's open entities.
  await app.slaWatcher?.attachSlas()
  return sla
}

/** The clocks of one entity, as the operator (or `who`) reads them. */
export async function clocksOf (app: FastifyInstance, entityId: string, who = 'operator'): Promise<Body[]> {
  const res = await as(app, who)({ method: 'GET', url: `${CLOCK}?relatedEntity.id=${entityId}&sort=rule.id` })
  if (res.statusCode !== 200) throw new Error(`clocks: ${res.statusCode} ${res.body}`)
  return res.json() as Body[]
}

/** The violations raised on one entity. */
export async function violationsOf (app: FastifyInstance, entityId: string, who = 'operator'): Promise<Body[]> {
  const res = await as(app, who)({ method: 'GET', url: `${ROOT}/slaViolation?relatedEntity.entity.id=${entityId}&sort=rule.id` })
  if (res.statusCode !== 200) throw new Error(`violations: ${res.statusCode} ${res.body}`)
  return res.json() as Body[]
}
