import { Type } from 'typebox'
import { DateTime, Extensible, OptionalExtensible, stateChangeSchema } from '@cx/engine'
import { METRICS } from './metrics.ts'
import { MAX_TRIGGER_DELAY_MINUTES, TRIGGER_EVENT_TYPES } from './trigger-events.ts'

export const SURVEY_STATUSES = ['draft', 'active', 'retired'] as const
const Status = Type.Union(SURVEY_STATUSES.map((s) => Type.Literal(s)))

const SurveyStatusChange = stateChangeSchema({ $id: 'SurveyStatusChange', field: 'status', state: Status })

const SurveyQuestion = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1, maxLength: 64, description: 'Identifier of the question within its survey; answers name it in questionId' }),
  text: Type.String({ minLength: 1, description: 'The question as the customer reads it' }),
  metric: Type.Union(METRICS.map((m) => Type.Literal(m)), {
    description: 'nps: integer 0–10; csat: integer 1–5; ces: integer 1–7; rating: integer scaleMin–scaleMax; text: free text'
  }),
  scaleMin: Type.Optional(Type.Integer({ description: 'Lowest answer of a rating question' })),
  scaleMax: Type.Optional(Type.Integer({ description: 'Highest answer of a rating question' }))
}, { $id: 'SurveyQuestion', additionalProperties: true })

const SurveyTrigger = Type.Object({
  ...OptionalExtensible,
  eventType: Type.String({ description: `An event of the suite after which customers are invited: ${TRIGGER_EVENT_TYPES.join(', ')}` }),
  delayMinutes: Type.Integer({ minimum: 0, maximum: MAX_TRIGGER_DELAY_MINUTES, description: 'How long after the event the invitation goes out' }),
  query: Type.Optional(Type.String({
    minLength: 1,
    description: 'A TMF630 filter over the event, as in a hub subscription, e.g. event.productOrder.state=completed'
  }))
}, { $id: 'SurveyTrigger', additionalProperties: true, description: 'Acted on by the cx service\'s closed loop: after delayMinutes the customer of the ticket or order is invited (an invited SurveyResponse)' })

/** Attributes a client may send, on create (FVO) and on patch (MVO). */
const writable = {
  name: Type.String({ minLength: 1 }),
  description: Type.Optional(Type.String()),
  status: Type.Optional(Status),
  statusChangeReason: Type.Optional(Type.String()),
  question: Type.Optional(Type.Array(Type.Ref('SurveyQuestion'), { description: 'Frozen once the survey leaves draft, so every response answers the same questions' })),
  trigger: Type.Optional(Type.Array(Type.Ref('SurveyTrigger'))),
  validFor: Type.Optional(Type.Ref('TimePeriod')),
  relatedParty: Type.Optional(Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), {
    description: 'Partners named here (role partner) can read the survey and collect responses to it'
  })),
  note: Type.Optional(Type.Array(Type.Ref('Note'))),
  // The closed loop's settings (CX Suite extension attributes; cx applies the defaults).
  invitationSuppressionDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, description: 'At most one invitation per customer in this many days, across surveys (default 7; follow-ups are exempt)' })),
  invitationExpiryDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'An invited response not answered within this many days becomes expired (default 14)' })),
  followUpSurvey: Type.Optional(Type.Ref('SurveyRef', { description: 'The survey of the follow-up invitation after a detractor\'s complaint is resolved (default: this survey)' })),
  followUpDelayMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TRIGGER_DELAY_MINUTES, description: 'How long after the complaint ticket is resolved the follow-up goes out (default 1440)' }))
}

export const Survey = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  ...writable,
  status: Status,
  creationDate: DateTime,
  lastUpdate: DateTime,
  statusChangeDate: Type.Optional(DateTime),
  statusChangeHistory: Type.Optional(Type.Array(Type.Ref('SurveyStatusChange')))
}, { $id: 'Survey', additionalProperties: true, description: 'A satisfaction questionnaire (NPS, CSAT, CES, ratings, free text) and the events that trigger it. Non-standard CX Suite extension.' })

export const SurveyFvo = Type.Object({ ...Extensible, ...writable }, {
  $id: 'Survey_FVO', additionalProperties: true, description: 'Create body: @type (Survey) and name are required; status draft (default) or active'
})

export const SurveyMvo = Type.Partial(Type.Object({ ...Extensible, ...writable }), {
  $id: 'Survey_MVO', additionalProperties: true, description: 'Merge-patch body'
})

export const surveyComponents = [SurveyStatusChange, SurveyQuestion, SurveyTrigger]
