import { badRequest, conflict } from '@cx/errors'
import type { Doc } from '@cx/engine'
import { evaluateRule, type SlaRuleModel } from './sla-rule.ts'
import { rulesOf } from './sla.checks.ts'
import { partiesInRole, partyIdOf, SLA_ROLES } from './sla-parties.ts'

/** Attributes a violation takes from its rule; a client may repeat them but never contradict them. */
const FROM_RULE = ['referenceValue', 'unit', 'operator', 'tolerance'] as const

function copyRuleValues (violation: Doc, rule: SlaRuleModel, slaId: string): void {
  for (const key of FROM_RULE) {
    const agreed = rule[key]
    const sent = violation[key]
    if (sent !== undefined && sent !== agreed) {
      throw badRequest(`${key} comes from rule ${rule.id} of Sla ${slaId} (${String(agreed)}), not ${String(sent)}`, 'ERR400-RULE-MISMATCH')
    }
    if (agreed === undefined) delete violation[key]
    else violation[key] = agreed
  }
}

function checkValidity (violation: Doc, sla: Doc): void {
  const validFor = sla.validFor as { startDateTime?: string, endDateTime?: string } | undefined
  const at = Date.parse(String(violation.date))
  const before = validFor?.startDateTime !== undefined && at < Date.parse(validFor.startDateTime)
  const after = validFor?.endDateTime !== undefined && at > Date.parse(validFor.endDateTime)
  if (before || after) throw badRequest(`date ${String(violation.date)} is outside the validity of Sla ${String(sla.id)}`, 'ERR400-OUTSIDE-VALIDITY')
}

/** The responsible partner is the SLA's provider: copied when absent, checked when given. */
function withProvider (violation: Doc, sla: Doc): Doc {
  const providers = partiesInRole(sla, SLA_ROLES.provider)
  const named = partiesInRole(violation, SLA_ROLES.provider)
  if (named.length === 0) {
    const related = Array.isArray(violation.relatedParty) ? violation.relatedParty as unknown[] : []
    return { ...violation, relatedParty: [...providers, ...related] }
  }
  const allowed = new Set(providers.map(partyIdOf))
  const stranger = named.map(partyIdOf).find((id) => !allowed.has(id))
  if (stranger !== undefined) throw badRequest(`${String(stranger)} is not an ${SLA_ROLES.provider} of Sla ${String(sla.id)}`, 'ERR400-NOT-PROVIDER')
  return violation
}

/**
 * Completes a new violation from the SLA it refers to: the rule's agreed values, its
 * consequence, the responsible partner. Refuses a violation of a draft SLA, a date outside the
 * SLA's validity and a measured value that does not breach the rule.
 */
export function deriveFromSla (input: Doc, sla: Doc | undefined, now: string): Doc {
  const slaRef = input.sla as Doc
  const ruleRef = input.rule as Doc
  if (sla === undefined) throw badRequest(`Sla ${String(slaRef.id)} does not exist`, 'ERR400-UNKNOWN-SLA')
  const slaId = String(sla.id)
  const rule = rulesOf(sla).find((r) => r.id === ruleRef.id)
  if (rule === undefined) throw badRequest(`Sla ${slaId} has no rule ${String(ruleRef.id)}`, 'ERR400-UNKNOWN-RULE')
  if (sla.state === 'draft') throw conflict(`Sla ${slaId} is still a draft: it cannot be violated yet`, 'ERR409-SLA-DRAFT')

  const violation: Doc = { ...input, date: input.date ?? now }
  copyRuleValues(violation, rule, slaId)
  checkValidity(violation, sla)
  const evaluation = evaluateRule(rule, Number(violation.actualValue))
  if (!evaluation.breached) {
    throw badRequest(`actualValue ${String(violation.actualValue)} ${rule.unit} does not breach rule ${rule.id} (${rule.operator} ${rule.referenceValue}, limit ${evaluation.limit})`, 'ERR400-NOT-A-BREACH')
  }
  violation.sla = { '@referredType': 'Sla', ...slaRef, href: sla.href, name: sla.name }
  const ruleDoc = (sla.rule as Doc[]).find((r) => r.id === rule.id)
  violation.rule = { ...ruleRef, metric: rule.metric, ...(ruleDoc?.name === undefined ? {} : { name: ruleDoc.name }) }
  if (violation.consequence === undefined && ruleDoc?.consequence !== undefined) violation.consequence = ruleDoc.consequence
  return withProvider(violation, sla)
}
