import t from 'tap'
import { convert, evaluateRule, ruleApplies, ruleProblems, type SlaRuleModel } from './sla-rule.ts'

const rule = (r: Partial<SlaRuleModel>): SlaRuleModel => ({ id: 'r', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 8, ...r })
const breached = (r: Partial<SlaRuleModel>, value: number): boolean => evaluateRule(rule(r), value).breached

t.test('each operator, with and without tolerance, at and around the limit', async (t) => {
  const cases: Array<[Partial<SlaRuleModel>, number, boolean]> = [
    [{ operator: '.le' }, 8, false],
    [{ operator: '.le' }, 8.01, true],
    [{ operator: '.le', tolerance: 0.5 }, 8.5, false],
    [{ operator: '.le', tolerance: 0.5 }, 8.51, true],
    [{ operator: '.lt' }, 7.99, false],
    [{ operator: '.lt' }, 8, true],
    [{ operator: '.lt', tolerance: 1 }, 8.99, false],
    [{ operator: '.lt', tolerance: 1 }, 9, true],
    [{ metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.9 }, 99.9, false],
    [{ metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.9 }, 99.89, true],
    [{ metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.9, tolerance: 0.05 }, 99.85, false],
    [{ metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.9, tolerance: 0.05 }, 99.84, true],
    [{ metric: 'availability', unit: 'percent', operator: '.gt', referenceValue: 99 }, 99.01, false],
    [{ metric: 'availability', unit: 'percent', operator: '.gt', referenceValue: 99 }, 99, true],
    [{ operator: '.eq', referenceValue: 4 }, 4, false],
    [{ operator: '.eq', referenceValue: 4 }, 3.9, true],
    [{ operator: '.eq', referenceValue: 4, tolerance: 0.2 }, 3.8, false],
    [{ operator: '.eq', referenceValue: 4, tolerance: 0.2 }, 4.21, true]
  ]
  for (const [r, value, expected] of cases) {
    t.equal(breached(r, value), expected, `${r.operator ?? ''} ${r.referenceValue ?? 8} ±${r.tolerance ?? 0} with ${value}`)
  }
  t.same(evaluateRule(rule({ tolerance: 0.5 }), 31), { breached: true, actualValue: 31, limit: 8.5 })
  t.equal(evaluateRule(rule({ metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.9, tolerance: 0.05 }), 99).limit, 99.85, 'no floating-point noise in the limit')
})

t.test('measurements in another unit are converted to the rule\'s unit', async (t) => {
  t.same(evaluateRule(rule({ tolerance: 0.5 }), { value: 510, unit: 'minutes' }), { breached: false, actualValue: 8.5, limit: 8.5 }, '510 minutes is exactly 8.5 hours')
  t.equal(evaluateRule(rule({}), { value: 1, unit: 'days' }).breached, true)
  t.equal(evaluateRule(rule({ unit: 'minutes', referenceValue: 30 }), { value: 1800, unit: 'seconds' }).breached, false)
  t.equal(convert(90, 'minutes', 'hours'), 1.5)
  t.equal(convert(2, 'days', 'hours'), 48)
  t.throws(() => convert(1, 'hours', 'percent'), /cannot convert/)
})

t.test('a rule\'s unit must fit its metric, and values their range', async (t) => {
  t.same(ruleProblems(rule({})), [])
  t.match(ruleProblems(rule({ unit: 'percent' })), [/unit percent is not a unit of timeToResolve/])
  t.match(ruleProblems(rule({ metric: 'availability', unit: 'hours', referenceValue: 99 })), [/unit hours is not a unit of availability \(percent\)/])
  t.match(ruleProblems(rule({ metric: 'availability', unit: 'percent', referenceValue: 120 })), [/between 0 and 100/])
  t.match(ruleProblems(rule({ referenceValue: -1 })), [/cannot be negative/])
  t.same(ruleProblems(rule({ metric: 'orderToActivation', unit: 'days', referenceValue: 5 })), [])
})

t.test('a rule applies to the subjects of its metric within the SLA\'s and the rule\'s scope', async (t) => {
  const critical = rule({ appliesTo: { ticketType: ['Incident'], severity: ['Critical'] } })
  const ticket = { kind: 'TroubleTicket' as const, ticketType: 'Incident', severity: 'critical' }
  t.equal(ruleApplies({}, critical, ticket), true, 'severity matches case-insensitively')
  t.equal(ruleApplies({}, critical, { ...ticket, severity: 'Minor' }), false)
  t.equal(ruleApplies({}, critical, { kind: 'TroubleTicket', ticketType: 'Incident' }), false, 'a restricted attribute must be known')
  t.equal(ruleApplies({}, rule({}), { kind: 'TroubleTicket' }), true, 'no scope means any ticket')
  t.equal(ruleApplies({}, rule({}), { kind: 'ProductOrder' }), false, 'timeToResolve is measured on tickets, not orders')
  t.equal(ruleApplies({ appliesTo: { ticketType: ['Complaint'] } }, critical, ticket), false, 'the SLA\'s scope narrows every rule')
  const activation = rule({ metric: 'orderToActivation', unit: 'days', referenceValue: 5, appliesTo: { productOffering: [{ id: 'po-fibre-1g' }] } })
  t.equal(ruleApplies({}, activation, { kind: 'ProductOrder', productOffering: 'po-fibre-1g' }), true)
  t.equal(ruleApplies({}, activation, { kind: 'ProductOrder', productOffering: 'po-tv' }), false)
  t.equal(ruleApplies({}, rule({ metric: 'availability', unit: 'percent', referenceValue: 99.9 }), { kind: 'Measurement' }), true)
  const fibre = { appliesTo: { ticketType: ['Incident'], productOffering: [{ id: 'fibre-1g' }] } }
  const availability = rule({ metric: 'availability', unit: 'percent', referenceValue: 99.9 })
  t.equal(ruleApplies(fibre, availability, { kind: 'Measurement', productOffering: 'fibre-1g' }), true, 'ticket types do not narrow measurements')
  t.equal(ruleApplies(fibre, availability, { kind: 'Measurement', productOffering: 'sports-hd' }), false)
  t.equal(ruleApplies(fibre, availability, { kind: 'Measurement' }), false, 'an offering restriction needs the measured offering')
  t.equal(ruleApplies(fibre, rule({}), { kind: 'TroubleTicket', ticketType: 'Incident' }), true, 'a ticket that names no offering is judged on its type')
  t.equal(ruleApplies(fibre, rule({}), { kind: 'TroubleTicket', ticketType: 'Incident', productOffering: 'sports-hd' }), false, 'one that names another offering is not covered')
})
