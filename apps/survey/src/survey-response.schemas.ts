import { Type } from 'typebox'
import { DateTime, Extensible, OptionalExtensible, stateChangeSchema } from '@cx/engine'
import { NPS_CATEGORY } from './score.ts'

export const SURVEY_RESPONSE_STATUSES = ['invited', 'started', 'completed', 'expired'] as const
const Status = Type.Union(SURVEY_RESPONSE_STATUSES.map((s) => Type.Literal(s)))

const SurveyResponseStatusChange = stateChangeSchema({ $id: 'SurveyResponseStatusChange', field: 'status', state: Status })

const SurveyRef = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String({ description: 'Survey' }))
}, { $id: 'SurveyRef', additionalProperties: true })

const SurveyAnswer = Type.Object({
  ...OptionalExtensible,
  questionId: Type.String({ minLength: 1 }),
  value: Type.Union([Type.Number(), Type.String()], { description: 'An integer on the question\'s scale, or a text for text questions' })
}, { $id: 'SurveyAnswer', additionalProperties: true })

const SurveyScore = Type.Object({
  '@type': Type.Optional(Type.String()),
  nps: Type.Optional(Type.Union(Object.values(NPS_CATEGORY).map((c) => Type.Literal(c)), { description: 'promoter 9–10, passive 7–8, detractor 0–6' })),
  npsValue: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  csat: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  ces: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 }))
}, { $id: 'SurveyScore', additionalProperties: false, description: 'Computed by the server from the answers (read-only)' })

/** Attributes a client may send on create; survey is fixed afterwards. */
const writable = {
  status: Type.Optional(Status),
  statusChangeReason: Type.Optional(Type.String()),
  relatedParty: Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), {
    description: 'The customer (role customer) and the partner the experience is attributed to (role partner)'
  }),
  relatedEntity: Type.Optional(Type.Array(Type.Ref('RelatedEntity'), {
    description: 'role subject: the TroubleTicket or ProductOrder the customer is asked about'
  })),
  channel: Type.Optional(Type.Ref('ChannelRef')),
  answer: Type.Optional(Type.Array(Type.Ref('SurveyAnswer'))),
  note: Type.Optional(Type.Array(Type.Ref('Note')))
}

export const SurveyResponse = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  survey: Type.Ref('SurveyRef'),
  ...writable,
  status: Status,
  score: Type.Optional(Type.Ref('SurveyScore')),
  submittedDate: Type.Optional(DateTime),
  creationDate: DateTime,
  lastUpdate: DateTime,
  statusChangeDate: Type.Optional(DateTime),
  statusChangeHistory: Type.Optional(Type.Array(Type.Ref('SurveyResponseStatusChange')))
}, { $id: 'SurveyResponse', additionalProperties: true, description: 'One customer\'s invitation to and answers of a survey, with its computed score. Non-standard CX Suite extension.' })

export const SurveyResponseFvo = Type.Object({ ...Extensible, survey: Type.Ref('SurveyRef'), ...writable }, {
  $id: 'SurveyResponse_FVO',
  additionalProperties: true,
  description: 'Create body: @type (SurveyResponse), survey and relatedParty (with a customer) are required; status invited (default), started or completed'
})

export const SurveyResponseMvo = Type.Partial(Type.Object({ ...Extensible, ...writable }), {
  $id: 'SurveyResponse_MVO', additionalProperties: true, description: 'Merge-patch body; survey, score and submittedDate cannot be changed'
})

export const surveyResponseComponents = [SurveyResponseStatusChange, SurveyRef, SurveyAnswer, SurveyScore]
