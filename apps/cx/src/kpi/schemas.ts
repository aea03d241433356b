import { Type, type TSchema } from 'typebox'

/** `GET /kpi` entries. */
export const KpiDefinitionSchema = Type.Object({
  name: Type.String(),
  unit: Type.String(),
  description: Type.String(),
  formula: Type.String({ description: 'The exact definition in words' }),
  higherIsBetter: Type.Boolean()
}, { $id: 'KpiDefinition', description: 'A CX KPI and its exact definition (CX Suite extension)' })

export const KpiPoint = Type.Object({
  periodStart: Type.String({ format: 'date-time', description: 'Local midnight (or the local start of the week/month) in the requested time zone, with its offset' }),
  periodEnd: Type.String({ format: 'date-time', description: 'Exclusive end: the start of the next period' }),
  value: Type.Union([Type.Number(), Type.Null()], { description: 'null when the period has no sample' }),
  sampleSize: Type.Integer({ minimum: 0 }),
  lowSample: Type.Boolean({ description: 'sampleSize is below minSample' }),
  p90: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: 'Duration KPIs: the 90th percentile' })),
  penalties: Type.Optional(Type.Array(Type.Object({ value: Type.Number(), unit: Type.String() }), { description: 'slaPenalties: the sum per currency' }))
}, { $id: 'KpiPoint' })

export const KpiSeries = Type.Object({
  name: Type.String(),
  unit: Type.String(),
  period: Type.String({ enum: ['day', 'week', 'month'] }),
  tz: Type.String(),
  series: Type.Array(Type.Ref('KpiPoint'))
}, { $id: 'KpiSeries', description: 'A KPI per calendar period of a time zone (CX Suite extension)' })

export const kpiSchemas: readonly TSchema[] = [KpiDefinitionSchema, KpiPoint, KpiSeries]
