import { Type, type TSchema } from 'typebox'
import { SCORE_FORMULA } from './scorecard.ts'

const num = (description: string): TSchema => Type.Union([Type.Number(), Type.Null()], { description })

/** One partner in one period (CX Suite extension; figures as defined by the KPIs of the same name). */
export const PartnerScorecard = Type.Object({
  id: Type.String({ description: 'partner id @ local date of the period start' }),
  partner: Type.Object({ id: Type.String(), name: Type.Optional(Type.String()) }),
  periodStart: Type.String({ format: 'date-time' }),
  periodEnd: Type.String({ format: 'date-time' }),
  ticketsAttributed: Type.Integer({ description: 'Tickets of the partner created in the period' }),
  outages: Type.Integer({ description: 'Outages (CxOutage tickets) the partner is responsible for, created in the period' }),
  repeatContacts: Type.Integer({ description: 'Tickets of the partner created in the period that repeat an open or recently resolved one (repeatContactCount > 0)' }),
  mttrHours: Type.Object({ p50: num('median mttr'), p90: num('90th percentile') }),
  slaViolations: Type.Integer({ description: 'Violations of the partner (SLAProvider) dated in the period' }),
  penalties: Type.Array(Type.Object({ value: Type.Number(), unit: Type.String() }), { description: 'Penalty sums per currency' }),
  ordersFulfilled: Type.Integer({ description: 'Orders of the partner completed in the period' }),
  orderToActivationHours: Type.Object({ p50: num('median order to activation') }),
  orderFalloutRate: num('%'),
  nps: num('−100…100'),
  csat: num('%'),
  detractorShare: num('%'),
  score: num(SCORE_FORMULA),
  scoreInputs: Type.Array(Type.Object({ name: Type.String(), value: num('the input'), score: num('0–100'), weight: Type.Number() })),
  rank: Type.Union([Type.Integer(), Type.Null()], { description: '1 = best score of the period; null without a score' }),
  trend: num('score − the score of the previous period'),
  '@type': Type.String()
}, { $id: 'PartnerScorecard', description: 'A partner\'s CX scorecard for one period (CX Suite extension)' })
