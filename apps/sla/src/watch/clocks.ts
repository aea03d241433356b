import { createHash } from 'node:crypto'
import { buildEvent, type Doc } from '@cx/engine'
import { appendToOutbox, type Queryable } from '@cx/store'
import { addWorkingMs, workingMs, type BusinessCalendar } from '../business-calendar.ts'
import { allowedMs, clockSpan, elapsedMs, evaluateRule, isClockMetric, msInUnit, ruleApplies, type ClockMetric, type SlaRuleModel } from '../sla-rule.ts'
import { partiesInRole, partyIdOf, SLA_ROLES } from '../sla-parties.ts'
import { rulesOf } from '../sla.checks.ts'
import type { WatchedEntity } from './entities.ts'

export const API = 'slaManagement'
export const ROOT = '/tmf-api/slaManagement/v4'

/** Settings of the clocks: the jeopardy threshold (a fraction of the allowed time). */
export interface ClockSettings {
  /** Fraction of the allowed time at which an SlaJeopardyAlertEvent is raised (default 0.8). */
  jeopardyFraction: number
}

/** A stable id per (SLA, rule, entity): at most one clock and one violation each. */
export function clockId (slaId: string, ruleId: string, entityId: string): string {
  return createHash('sha256').update(`${slaId}\u0000${ruleId}\u0000${entityId}`).digest('hex').slice(0, 32)
}

/** The calendar of an SLA, when it has one (checked on write). */
export function calendarOf (sla: Doc): BusinessCalendar | undefined {
  const c = sla.calendar as BusinessCalendar | undefined
  return c !== null && typeof c === 'object' && typeof c.timeZone === 'string' ? c : undefined
}

export function providerOf (sla: Doc): string | undefined {
  const p = partiesInRole(sla, SLA_ROLES.provider)[0]
  return p === undefined ? undefined : partyIdOf(p)
}

/** When the SLA became active (its latest move to `active`), else undefined. */
export function activeSince (sla: Doc): string | undefined {
  const history = Array.isArray(sla.stateChangeHistory) ? sla.stateChangeHistory as Doc[] : []
  const last = history.filter((h) => h.state === 'active').map((h) => String(h.stateChangeDate)).sort().pop()
  return last
}

/** The rules of an SLA that put a clock on this entity (same partner, metric, scope). */
export function clockRules (sla: Doc, entity: WatchedEntity): Array<SlaRuleModel & { metric: ClockMetric }> {
  if (entity.partnerId === undefined || providerOf(sla) !== entity.partnerId) return []
  const scope = sla.appliesTo as Parameters<typeof ruleApplies>[0]['appliesTo']
  return rulesOf(sla).filter((r): r is SlaRuleModel & { metric: ClockMetric } => isClockMetric(r.metric) && ruleApplies({ ...(scope === undefined ? {} : { appliesTo: scope }) }, r, entity.subject))
}

/** What the rule document says beyond the rule model: pause states, jeopardy threshold, penalty. */
function ruleDoc (sla: Doc, ruleId: string): Doc {
  return ((sla.rule as Doc[] | undefined) ?? []).find((r) => r.id === ruleId) ?? {}
}

export interface ClockFacts {
  id: string
  doc: Doc
  /** The next instant something happens on its own (jeopardy, breach), or null. */
  nextDue: Date | null
  breached: boolean
  jeopardy: boolean
  /** The measured value in the rule's unit, and when it reached the breach. */
  actualValue: number
  breachDate: string | null
  stopped: boolean
}

/**
 * Computes a clock at `now` from the entity's history, the SLA's calendar and the rule: its
 * state, elapsed and remaining time (rule unit), deadline and jeopardy date, and what is due next.
 * Pure apart from reading the clock's previous document (passed in).
 */
export function computeClock (sla: Doc, rule: SlaRuleModel & { metric: ClockMetric }, entity: WatchedEntity, previous: Doc | undefined, now: Date, settings: ClockSettings): ClockFacts {
  const cal = calendarOf(sla)
  const work = (a: Date, b: Date): number => workingMs(cal, a, b)
  const rd = ruleDoc(sla, rule.id)
  const pauseStates = Array.isArray(rd.pauseStates) ? (rd.pauseStates as unknown[]).filter((s): s is string => typeof s === 'string') : undefined
  const span = clockSpan(rule.metric, entity.created, entity.history, { workingMs: work, ...(pauseStates === undefined ? {} : { pauseStates }) })
  const until = span.stoppedAt === null ? now : new Date(Math.min(now.getTime(), Date.parse(span.stoppedAt)))
  const used = elapsedMs(span, until, work)
  const allowed = allowedMs(rule)
  const fraction = typeof rd.jeopardyThreshold === 'number' && rd.jeopardyThreshold > 0 && rd.jeopardyThreshold < 1 ? rd.jeopardyThreshold : settings.jeopardyFraction
  const at = (ms: number): Date | null => span.runningSince === null ? null : addWorkingMs(cal, new Date(span.runningSince), ms - span.usedMs)
  let deadline: Date | null = null
  let jeopardyDate: Date | null = null
  let breached: boolean
  if (allowed !== undefined) {
    breached = used >= allowed.breachAtMs
    if (!breached && span.state === 'running') deadline = at(allowed.breachAtMs)
    if (span.state === 'running' && used < allowed.limitMs * fraction) jeopardyDate = at(Math.ceil(allowed.limitMs * fraction))
  } else {
    // Not a deadline (.gt/.ge/.eq): judged once the clock has stopped.
    breached = span.state === 'stopped' && evaluateRule(rule, msInUnit(used, rule.unit)).breached
  }
  const jeopardy = allowed !== undefined && !breached && used >= allowed.limitMs * fraction && span.state !== 'stopped'
  const prevDoc = previous ?? {}
  const breachDate = breached
    ? (typeof prevDoc.breachDate === 'string' ? prevDoc.breachDate : allowed !== undefined && span.runningSince !== null ? (at(allowed.breachAtMs) ?? now).toISOString() : (span.stoppedAt ?? now.toISOString()))
    : null
  const id = clockId(String(sla.id), rule.id, entity.id)
  const provider = providerOf(sla)
  const relatedParty: Doc[] = []
  if (provider !== undefined) relatedParty.push({ '@type': 'RelatedPartyRefOrPartyRoleRef', role: SLA_ROLES.provider, partyOrPartyRole: { '@type': 'PartyRoleRef', id: provider, '@referredType': 'BusinessPartner' } })
  if (entity.customer !== undefined) relatedParty.push({ '@type': 'RelatedPartyRefOrPartyRoleRef', role: SLA_ROLES.customer, partyOrPartyRole: { '@type': 'PartyRef', '@referredType': 'Customer', ...entity.customer } })
  const state = span.state === 'stopped' ? 'stopped' : breached ? 'breached' : span.state
  const remainingMs = allowed === undefined ? undefined : Math.max(0, allowed.limitMs - used)
  const previousJeopardy = prevDoc.jeopardy as Doc | undefined
  const doc: Doc = {
    id,
    href: `${ROOT}/slaClock/${id}`,
    '@type': 'SlaClock',
    sla: { id: sla.id, href: sla.href, ...(typeof sla.name === 'string' ? { name: sla.name } : {}), '@referredType': 'Sla' },
    rule: { id: rule.id, metric: rule.metric, ...(typeof rd.name === 'string' ? { name: rd.name } : {}) },
    relatedEntity: { '@type': 'EntityRef', id: entity.id, ...(entity.href === undefined ? {} : { href: entity.href }), '@referredType': entity.kind },
    relatedParty,
    state,
    breached,
    unit: rule.unit,
    elapsed: msInUnit(used, rule.unit),
    ...(remainingMs === undefined ? {} : { remaining: msInUnit(remainingMs, rule.unit), referenceValue: rule.referenceValue }),
    deadline: deadline?.toISOString() ?? (breached ? breachDate : null),
    startDate: entity.created,
    ...(span.runningSince === null ? {} : { runningSince: span.runningSince }),
    ...(span.stoppedAt === null ? {} : { stopDate: span.stoppedAt }),
    ...(breachDate === null ? {} : { breachDate }),
    ...(previousJeopardy !== undefined ? { jeopardy: previousJeopardy } : {}),
    ...(prevDoc.violation !== undefined ? { violation: prevDoc.violation } : {}),
    lastUpdate: now.toISOString()
  }
  const dues = [jeopardyDate, deadline].filter((d): d is Date => d !== null && !(d === jeopardyDate && previousJeopardy !== undefined))
  const nextDue = dues.length === 0 ? null : new Date(Math.min(...dues.map((d) => d.getTime())))
  return { id, doc, nextDue, breached, jeopardy, actualValue: msInUnit(used, rule.unit), breachDate, stopped: span.state === 'stopped' }
}

/** Emits one event of the SLA API in the outbox (same transaction as the change it reports). */
export async function emit (tx: Queryable, resourceName: string, resourceType: string, eventType: string, doc: Doc, now: string): Promise<void> {
  const parties = [...new Set(((doc.relatedParty as Doc[] | undefined) ?? []).map((rp) => partyIdOf(rp)).filter((x): x is string => x !== undefined))]
  await appendToOutbox(tx, [buildEvent({ api: API, resourceName, resourceType, eventType, doc, parties, now })])
}

export const partiesOfDoc = (doc: Doc): string[] =>
  [...new Set(((doc.relatedParty as Doc[] | undefined) ?? []).map((rp) => partyIdOf(rp)).filter((x): x is string => x !== undefined))]
