import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { badRequest, forbidden } from '@cx/errors'
import { errorResponses, jsonResponse, type Doc } from '@cx/engine'
import { requireOperator } from './write-policy.ts'
import { checkSla } from './sla.checks.ts'
import { clockRules, computeClock, type ClockSettings } from './watch/clocks.ts'
import { watchedEntity, type WatchedKind } from './watch/entities.ts'
import { settlementStatement } from './sla-settlement.compute.ts'
import { partiesInRole, partyIdOf, SLA_ROLES } from './sla-parties.ts'

const SimulationInput = Type.Object({
  '@type': Type.Optional(Type.String()),
  sla: Type.Object({
    relatedParty: Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), { minItems: 1 }),
    rule: Type.Array(Type.Ref('SlaRule'), { minItems: 1 }),
    appliesTo: Type.Optional(Type.Ref('SlaAppliesTo')),
    calendar: Type.Optional(Type.Ref('BusinessCalendar')),
    name: Type.Optional(Type.String())
  }, { additionalProperties: true, description: 'A candidate SLA: rules, calendar, scope and its SLAProvider' }),
  periodStart: Type.String({ format: 'date-time' }),
  periodEnd: Type.String({ format: 'date-time' })
}, { $id: 'SlaSimulation_FVO', additionalProperties: false })

const WouldBe = Type.Object({
  rule: Type.Ref('SlaRuleRef'),
  relatedEntity: Type.Ref('EntityRef'),
  date: Type.String({ format: 'date-time' }),
  actualValue: Type.Number(),
  referenceValue: Type.Number(),
  unit: Type.String(),
  consequence: Type.Optional(Type.Ref('SlaConsequence'))
}, { $id: 'SlaSimulationViolation', additionalProperties: true })

const SimulationResult = Type.Object({
  '@type': Type.Literal('SlaSimulation'),
  periodStart: Type.String({ format: 'date-time' }),
  periodEnd: Type.String({ format: 'date-time' }),
  entitiesExamined: Type.Integer(),
  clocksExamined: Type.Integer(),
  violation: Type.Array(Type.Ref('SlaSimulationViolation'))
}, { $id: 'SlaSimulation', additionalProperties: true })

const StatementQuery = Type.Object({
  'partner.id': Type.String({ minLength: 1 }),
  periodStart: Type.String({ format: 'date-time' }),
  periodEnd: Type.String({ format: 'date-time' })
})

export const simulationSchemas = [SimulationInput, WouldBe, SimulationResult]

/**
 * `POST /slaSimulation` (dry run, operator): the violations a candidate SLA would have raised over
 * the tickets and orders created in [periodStart, periodEnd) that its provider worked on, each
 * clock measured up to periodEnd (or now, if earlier) exactly as the watcher measures it. Nothing
 * is written. `GET /slaSettlement/statement` computes what a partner owes for a period without
 * freezing it (the operator, or the partner itself).
 */
export function slaExtraRoutes (opts: { now: () => Date, settings: ClockSettings }) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.post('/slaSimulation', {
      schema: {
        operationId: 'createSlaSimulation',
        summary: 'Replays a candidate SLA over a past window (dry run: nothing is stored)',
        tags: ['SlaSimulation'],
        body: Type.Ref('SlaSimulation_FVO'),
        response: { 200: jsonResponse('The violations the candidate would have raised', Type.Ref('SlaSimulation')), ...errorResponses(400, 401, 403) }
      }
    }, async (request) => {
      requireOperator(request.principal, 'run an SLA simulation')
      const input = request.body as Static<typeof SimulationInput>
      const start = Date.parse(input.periodStart)
      const end = Date.parse(input.periodEnd)
      if (!(start < end)) throw badRequest('periodStart must be before periodEnd', 'ERR400-PERIOD')
      const sla: Doc = { ...input.sla, id: 'simulation', href: '', state: 'active' }
      checkSla(sla)
      const provider = partiesInRole(sla, SLA_ROLES.provider).map(partyIdOf)[0]
      const until = new Date(Math.min(end, opts.now().getTime()))
      const rows = (await app.db.query<{ kind: WatchedKind, doc: Doc }>(
        'SELECT kind, doc FROM sla_entity WHERE partner_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at, id',
        [provider ?? null, new Date(start).toISOString(), new Date(end).toISOString()])).rows
      let clocks = 0
      const violation: Doc[] = []
      for (const row of rows) {
        // The entity as it stood at the end of the window: later changes did not happen yet.
        const entity = watchedEntity(row.kind, row.doc)
        if (entity === undefined) continue
        entity.history = entity.history.filter((h) => Date.parse(h.date) <= until.getTime())
        for (const rule of clockRules(sla, entity)) {
          clocks++
          const facts = computeClock(sla, rule, entity, undefined, until, opts.settings)
          if (!facts.breached) continue
          const ruleDoc = (sla.rule as Doc[]).find((r) => r.id === rule.id) ?? {}
          violation.push({
            rule: facts.doc.rule,
            relatedEntity: facts.doc.relatedEntity,
            date: facts.breachDate,
            actualValue: facts.actualValue,
            referenceValue: rule.referenceValue,
            unit: rule.unit,
            ...(ruleDoc.consequence === undefined ? {} : { consequence: ruleDoc.consequence })
          })
        }
      }
      return { '@type': 'SlaSimulation', periodStart: input.periodStart, periodEnd: input.periodEnd, entitiesExamined: rows.length, clocksExamined: clocks, violation }
    })

    app.get('/slaSettlement/statement', {
      schema: {
        operationId: 'retrieveSlaSettlementStatement',
        summary: 'The penalties a partner owes for a period, per currency, computed now (nothing is frozen)',
        tags: ['SlaSettlement'],
        querystring: StatementQuery,
        response: { 200: jsonResponse('The statement', Type.Object({}, { additionalProperties: true })), ...errorResponses(400, 401, 403) }
      }
    }, async (request) => {
      const q = request.query as Static<typeof StatementQuery>
      const principal = request.principal
      if (!principal.isOperator && principal.partnerId !== q['partner.id']) throw forbidden('a partner may compute only its own statement (partner.id)')
      if (!(Date.parse(q.periodStart) < Date.parse(q.periodEnd))) throw badRequest('periodStart must be before periodEnd', 'ERR400-PERIOD')
      const s = await settlementStatement(app.db, q['partner.id'], q.periodStart, q.periodEnd)
      return { '@type': 'SlaSettlementStatement', partner: { id: s.partner }, periodStart: s.periodStart, periodEnd: s.periodEnd, total: s.total, violation: s.violation, disputed: s.disputed, disputedTotal: s.disputedTotal }
    })
  }
}
