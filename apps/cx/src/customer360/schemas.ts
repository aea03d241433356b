import { Type, type TSchema } from 'typebox'

const open = { additionalProperties: true }
const DateTime = Type.String({ format: 'date-time' })
const Str = Type.String()
const Entity = { id: Str, href: Type.Optional(Str), '@type': Str, '@baseType': Type.Optional(Str), '@schemaLocation': Type.Optional(Str) }
const Ref = Type.Object({ id: Str, href: Type.Optional(Str), name: Type.Optional(Str), '@referredType': Type.Optional(Str) }, open)
const Nullable = <T extends TSchema>(t: T): TSchema => Type.Union([t, Type.Null()])

export const Customer360CustomerVO = Type.Object({
  ...Entity,
  name: Type.Optional(Str),
  status: Type.Optional(Str),
  engagedParty: Type.Optional(Type.Object({}, open)),
  contactMedium: Type.Optional(Type.Array(Type.Object({}, open))),
  relatedParty: Type.Optional(Type.Array(Type.Object({}, open))),
  validFor: Type.Optional(Type.Object({}, open))
}, { $id: 'Customer360CustomerVO', ...open, description: 'TMF717: the customer (TMF629) in brief' })

export const Customer360TroubleTicketVO = Type.Object({
  ...Entity,
  name: Type.Optional(Str),
  description: Type.Optional(Str),
  severity: Type.Optional(Str),
  priority: Type.Optional(Str),
  ticketType: Type.Optional(Str),
  status: Type.Optional(Str),
  statusChangeDate: Type.Optional(DateTime),
  statusChangeReason: Type.Optional(Str),
  creationDate: Type.Optional(DateTime),
  lastUpdate: Type.Optional(DateTime),
  requestedResolutionDate: Type.Optional(DateTime),
  expectedResolutionDate: Type.Optional(DateTime)
}, { $id: 'Customer360TroubleTicketVO', ...open, description: 'TMF717: one TMF621 trouble ticket of the customer' })

export const Customer360ProductOrderVO = Type.Object({
  ...Entity,
  category: Type.Optional(Str),
  description: Type.Optional(Str),
  priority: Type.Optional(Str),
  state: Type.Optional(Str),
  creationDate: Type.Optional(DateTime),
  completionDate: Type.Optional(DateTime),
  expectedCompletionDate: Type.Optional(DateTime)
}, { $id: 'Customer360ProductOrderVO', ...open, description: 'TMF717: one TMF622 product order of the customer' })

export const Customer360PartyInteractionVO = Type.Object({
  ...Entity,
  interactionDate: Type.Optional(Type.Object({ startDateTime: Type.Optional(DateTime), endDateTime: Type.Optional(DateTime) })),
  description: Type.Optional(Str),
  reason: Type.Optional(Str),
  status: Type.Optional(Str)
}, { $id: 'Customer360PartyInteractionVO', ...open, description: 'TMF717: an interaction; every survey response appears here with reason "satisfaction survey"' })

export const CxSlaViolationVO = Type.Object({
  ...Entity,
  state: Type.Optional(Str),
  date: Type.Optional(DateTime),
  sla: Type.Optional(Ref),
  rule: Type.Optional(Type.Object({}, open)),
  actualValue: Type.Optional(Type.Number()),
  referenceValue: Type.Optional(Type.Number()),
  unit: Type.Optional(Str),
  consequence: Type.Optional(Type.Object({}, open)),
  relatedEntity: Type.Optional(Type.Array(Type.Object({}, open))),
  partner: Type.Optional(Ref)
}, { $id: 'CxSlaViolationVO', ...open, description: 'CX Suite extension: an SLA violation (TMF623 model) affecting the customer' })

export const CxSurveyResponseVO = Type.Object({
  ...Entity,
  survey: Type.Optional(Ref),
  status: Type.Optional(Str),
  score: Type.Optional(Type.Object({ nps: Type.Optional(Str), npsValue: Type.Optional(Type.Integer()), csat: Type.Optional(Type.Integer()), ces: Type.Optional(Type.Integer()) }, open)),
  answer: Type.Optional(Type.Array(Type.Object({}, open))),
  submittedDate: Type.Optional(DateTime),
  creationDate: Type.Optional(DateTime),
  relatedEntity: Type.Optional(Type.Array(Type.Object({}, open))),
  channel: Type.Optional(Type.Object({}, open)),
  partner: Type.Optional(Ref)
}, { $id: 'CxSurveyResponseVO', ...open, description: 'CX Suite extension: a satisfaction survey response of the customer, with its computed score' })

export const CxExperienceInput = Type.Object({
  name: Str,
  value: Nullable(Type.Number()),
  score: Nullable(Type.Number({ description: '0–100, 100 best' })),
  weight: Type.Number({ description: 'Share of the index (0–1), renormalised over the signals with data' }),
  contribution: Type.Number({ description: 'Points this signal adds to the index' }),
  rule: Str
}, { $id: 'CxExperienceInput' })

export const CxExperience = Type.Object({
  '@type': Str,
  npsCategory: Nullable(Type.Union([Type.Literal('promoter'), Type.Literal('passive'), Type.Literal('detractor')])),
  npsValue: Nullable(Type.Integer()),
  csatMean: Nullable(Type.Number()),
  openTickets: Type.Integer(),
  reopenedTickets: Type.Integer(),
  mttrHours: Nullable(Type.Number()),
  orderToActivationHours: Nullable(Type.Number()),
  slaBreaches: Type.Integer(),
  openRecoveries: Type.Integer({ description: 'Complaint tickets the closed loop opened after a detractor answer that are not yet resolved (apps/cx/README.md "Closed loop")' }),
  experienceIndex: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
  inputs: Type.Array(Type.Ref('CxExperienceInput')),
  churnRisk: Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]),
  reasons: Type.Array(Str),
  windowDays: Type.Integer()
}, { $id: 'CxExperience', description: 'CX Suite extension: the explainable experience summary (formulas in apps/cx/README.md)' })

export const CxDataFreshness = Type.Object({
  source: Str,
  lastEventTime: Nullable(DateTime),
  lagSeconds: Nullable(Type.Number({ description: 'Delay between the latest event of the source and its projection into the read model' })),
  status: Type.Union([Type.Literal('live'), Type.Literal('backfilling'), Type.Literal('unavailable')])
}, { $id: 'CxDataFreshness' })

export const JourneyEvent = Type.Object({
  id: Str,
  href: Str,
  '@type': Str,
  date: DateTime,
  kind: Str,
  summary: Str,
  entity: Type.Object({ id: Str, href: Type.Optional(Str), '@referredType': Str }),
  customer: Type.Object({ id: Str }),
  partner: Type.Optional(Type.Object({ id: Str, name: Type.Optional(Str) }))
}, { $id: 'JourneyEvent', description: 'One interaction of a customer, derived from the resources\' own dates and histories (CX Suite extension)' })

export const CxCustomer360 = Type.Object({
  ...Entity,
  customer: Type.Ref('Customer360CustomerVO'),
  productOrder: Type.Array(Type.Ref('Customer360ProductOrderVO')),
  troubleTicket: Type.Array(Type.Ref('Customer360TroubleTicketVO')),
  partyInteraction: Type.Array(Type.Ref('Customer360PartyInteractionVO')),
  slaViolation: Type.Array(Type.Ref('CxSlaViolationVO'), { description: 'Extension' }),
  surveyResponse: Type.Array(Type.Ref('CxSurveyResponseVO'), { description: 'Extension' }),
  experience: Type.Ref('CxExperience'),
  journey: Type.Array(Type.Ref('JourneyEvent'), { description: 'Extension: the latest 20 journey events, newest first' }),
  dataFreshness: Type.Array(Type.Ref('CxDataFreshness'), { description: 'Extension: how current each source is in the read model' })
}, {
  $id: 'CxCustomer360',
  ...open,
  description: 'TMF717 Customer360 subclass (@type CxCustomer360, @baseType Customer360): the standard customer, productOrder, troubleTicket and partyInteraction parts, plus slaViolation, surveyResponse, experience, journey and dataFreshness. The id is the TMF629 customer id. Read-only.'
})

/** Every component schema of the Customer 360 API, for the OpenAPI document and path typing. */
export const customer360Schemas: readonly TSchema[] = [
  Customer360CustomerVO, Customer360TroubleTicketVO, Customer360ProductOrderVO, Customer360PartyInteractionVO,
  CxSlaViolationVO, CxSurveyResponseVO, CxExperienceInput, CxExperience, CxDataFreshness, JourneyEvent, CxCustomer360
]

/** Schemas by $id, as describeJsonSchemaPath resolves Type.Ref. */
export const schemaRefs: Record<string, object> = Object.fromEntries(customer360Schemas.map((s) => [(s as { $id: string }).$id, s]))
