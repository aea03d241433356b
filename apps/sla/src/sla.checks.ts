import { badRequest } from '@cx/errors'
import type { Doc } from '@cx/engine'
import { SLA_METRICS, SLA_UNITS, type SlaUnit } from './sla-metrics.ts'
import { ruleProblems, type SlaRuleModel } from './sla-rule.ts'
import { partiesInRole, SLA_ROLES } from './sla-parties.ts'
import { calendarProblems, type BusinessCalendar } from './business-calendar.ts'

const isRuleModel = (r: unknown): r is SlaRuleModel => {
  const x = r as Partial<SlaRuleModel> | null
  return x !== null && typeof x === 'object' && typeof x.id === 'string' && typeof x.metric === 'string' && x.metric in SLA_METRICS &&
    SLA_UNITS.includes(x.unit as SlaUnit) && typeof x.referenceValue === 'number'
}

/** The rules of an SLA as the rule logic sees them (malformed entries are left to schema validation). */
export function rulesOf (sla: Doc): SlaRuleModel[] {
  return Array.isArray(sla.rule) ? sla.rule.filter(isRuleModel) : []
}

/**
 * What the schema cannot say about an SLA: each rule's unit fits its metric, rule ids are unique
 * (violations refer to them) and some partner is held to it. A PATCH may leave the document
 * malformed at this point; the engine's schema validation refuses that afterwards.
 */
export function checkSla (sla: Doc): void {
  const rules = rulesOf(sla)
  const problems = rules.flatMap(ruleProblems)
  const ids = rules.map((r) => r.id)
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i)
  if (duplicate !== undefined) problems.push(`rule id ${duplicate} is used twice`)
  if (Array.isArray(sla.relatedParty) && partiesInRole(sla, SLA_ROLES.provider).length === 0) {
    problems.push(`relatedParty needs a party with role ${SLA_ROLES.provider}: the partner held to the SLA`)
  }
  const calendar = sla.calendar as BusinessCalendar | undefined
  if (calendar !== null && typeof calendar === 'object' && typeof calendar.timeZone === 'string' && Array.isArray(calendar.workingDays) && Array.isArray(calendar.workingHours)) {
    problems.push(...calendarProblems(calendar))
  }
  if (problems.length > 0) throw badRequest(`invalid Sla: ${problems.join('; ')}`, 'ERR400-SLA-RULE')
}
