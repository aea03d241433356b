import type { Doc } from '@cx/engine'
import type { Queryable } from '@cx/store'
import type { SlaRuleModel, ClockMetric } from '../sla-rule.ts'
import { computeClock, emit, partiesOfDoc, ROOT, type ClockSettings } from './clocks.ts'
import type { WatchedEntity } from './entities.ts'

export interface ReconcileOutcome {
  clockId: string
  nextDue: Date | null
  /** Events written (jeopardy alert, violation created or updated). */
  events: number
}

/** The violation a breached clock raises: detected, with the rule's values and consequence. */
function violationOf (sla: Doc, rule: SlaRuleModel, clock: Doc, actualValue: number, date: string, now: string): Doc {
  const ruleDoc = ((sla.rule as Doc[] | undefined) ?? []).find((r) => r.id === rule.id) ?? {}
  const id = String(clock.id)
  const entity = clock.relatedEntity as Doc
  return {
    id,
    href: `${ROOT}/slaViolation/${id}`,
    '@type': 'SlaViolation',
    description: `${rule.metric} of ${String(entity['@referredType'])} ${String(entity.id)} went beyond ${rule.operator} ${rule.referenceValue} ${rule.unit}: detected automatically by SLA clock ${id}`,
    sla: clock.sla,
    rule: clock.rule,
    date,
    actualValue,
    referenceValue: rule.referenceValue,
    unit: rule.unit,
    operator: rule.operator,
    ...(rule.tolerance === undefined ? {} : { tolerance: rule.tolerance }),
    ...(ruleDoc.consequence === undefined ? {} : { consequence: ruleDoc.consequence }),
    relatedParty: clock.relatedParty,
    relatedEntity: [{ '@type': 'RelatedEntity', role: 'breachedBy', entity }],
    state: 'detected',
    stateChangeDate: now,
    stateChangeHistory: [{ '@type': 'StateChange', state: 'detected', stateChangeDate: now }],
    creationDate: now,
    lastUpdate: now
  }
}

/**
 * Brings one clock up to date at `now`, in the caller's transaction: recomputes it from the
 * entity's history, raises the jeopardy alert once (SlaJeopardyAlertEvent, and a `jeopardy` entry
 * on the clock), raises the violation once (its id is the clock's, so a second insert is a no-op:
 * at most one per entity, rule and SLA), brings a breached violation's actualValue to the final
 * value when the clock stops, and stores the clock and its next deadline (sla_deadline).
 */
export async function reconcileClock (tx: Queryable, sla: Doc, rule: SlaRuleModel & { metric: ClockMetric }, entity: WatchedEntity, now: Date, settings: ClockSettings): Promise<ReconcileOutcome> {
  const nowIso = now.toISOString()
  const facts0 = computeClock(sla, rule, entity, undefined, now, settings)
  const prevRow = (await tx.query<{ doc: Doc }>('SELECT doc FROM sla_clock WHERE id = $1 FOR UPDATE', [facts0.id], { name: 'sla-clock-lock' })).rows[0]
  const previous = prevRow?.doc
  const facts = previous === undefined ? facts0 : computeClock(sla, rule, entity, previous, now, settings)
  const doc = facts.doc
  let events = 0
  if (facts.jeopardy && previous?.jeopardy === undefined) {
    doc.jeopardy = { date: nowIso, threshold: settings.jeopardyFraction, deadline: doc.deadline }
    await emit(tx, 'slaClock', 'SlaClock', 'SlaJeopardyAlertEvent', doc, nowIso)
    events++
  }
  if (facts.breached && doc.violation === undefined) {
    const violation = violationOf(sla, rule, doc, facts.actualValue, facts.breachDate ?? nowIso, nowIso)
    const inserted = await tx.query('INSERT INTO sla_violation (id, doc, parties) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id',
      [violation.id, violation, partiesOfDoc(violation)])
    if (inserted.rows.length > 0) {
      await emit(tx, 'slaViolation', 'SlaViolation', 'SlaViolationCreateEvent', violation, nowIso)
      events++
    }
    doc.violation = { id: violation.id, href: violation.href, '@referredType': 'SlaViolation' }
  }
  if (facts.stopped && doc.violation !== undefined) events += await finalValue(tx, String((doc.violation as Doc).id), facts.actualValue, nowIso)
  await tx.query(`INSERT INTO sla_clock (id, doc, parties) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, parties = EXCLUDED.parties, version = sla_clock.version + 1`,
  [facts.id, doc, partiesOfDoc(doc)], { name: 'sla-clock-upsert' })
  if (facts.nextDue === null) {
    await tx.query('DELETE FROM sla_deadline WHERE clock_id = $1', [facts.id], { name: 'sla-deadline-delete' })
  } else {
    await tx.query(`INSERT INTO sla_deadline (clock_id, due_at, sla_id, rule_id, entity_kind, entity_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (clock_id) DO UPDATE SET due_at = EXCLUDED.due_at`,
    [facts.id, facts.nextDue.toISOString(), sla.id, rule.id, entity.kind, entity.id], { name: 'sla-deadline-upsert' })
  }
  return { clockId: facts.id, nextDue: facts.nextDue, events }
}

/** The violation's actualValue becomes the clock's final value (a settled violation is a closed fact). */
async function finalValue (tx: Queryable, violationId: string, actualValue: number, now: string): Promise<number> {
  const row = (await tx.query<{ doc: Doc }>('SELECT doc FROM sla_violation WHERE id = $1 FOR UPDATE', [violationId])).rows[0]
  if (row === undefined || row.doc.actualValue === actualValue || row.doc.state === 'settled') return 0
  const doc = { ...row.doc, actualValue, lastUpdate: now > String(row.doc.lastUpdate) ? now : new Date(Date.parse(String(row.doc.lastUpdate)) + 1).toISOString() }
  await tx.query('UPDATE sla_violation SET doc = $2, version = version + 1 WHERE id = $1', [violationId, doc])
  await emit(tx, 'slaViolation', 'SlaViolation', 'SlaViolationAttributeValueChangeEvent', doc, now)
  return 1
}
