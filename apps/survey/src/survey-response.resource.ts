import { changeTracking, type ResourceDeclaration } from '@cx/engine'
import { SurveyResponse, SurveyResponseFvo, SurveyResponseMvo, surveyResponseComponents } from './survey-response.schemas.ts'
import {
  answersOf, checkAnswers, checkAnswersOpen, checkParticipants, deriveComputed, isAnswering, READ_ONLY,
  referencedSurvey, refuseReadOnly, surveyOfResponse
} from './survey-response.rules.ts'
import { sameJson } from './same-json.ts'
import { operatorOnly } from './operator-only.ts'

/**
 * Invited customers start, then submit (completed) or let the invitation lapse (expired). A
 * response collected in one go (a technician's tablet, an IVR call) may skip started, or be
 * created started or completed.
 */
export const surveyResponseTransitions = {
  invited: ['started', 'completed', 'expired'],
  started: ['completed', 'expired'],
  completed: [],
  expired: []
} as const

export const surveyResponseResource: ResourceDeclaration = {
  name: 'surveyResponse',
  type: 'SurveyResponse',
  table: 'survey_response',
  schemas: { resource: SurveyResponse, create: SurveyResponseFvo, patch: SurveyResponseMvo },
  components: surveyResponseComponents,
  timestamps: { created: 'creationDate', updated: 'lastUpdate' },
  lifecycle: {
    field: 'status',
    initial: 'invited',
    createStates: ['invited', 'started', 'completed'],
    transitions: surveyResponseTransitions,
    ...changeTracking('status', 'SurveyResponseStatusChange'),
    changeEvent: 'SurveyResponseStateChangeEvent'
  },
  // The survey is what the answers were checked against; moving them to another would unhinge them.
  nonPatchable: ['survey', ...READ_ONLY],
  // A partner hands in responses about itself only (the engine's write-scope rule, role partner):
  // it may not attribute an experience to a competitor.
  onCreate: async (doc, ctx) => {
    refuseReadOnly(doc)
    const survey = await referencedSurvey(doc, ctx)
    checkParticipants(doc)
    checkAnswers(survey, doc, ctx.now)
    return deriveComputed(survey, doc, undefined, ctx.now)
  },
  onUpdate: async (before, after, ctx) => {
    // A partner could otherwise improve the answers that rate it.
    operatorOnly(ctx, 'change a recorded response')
    const answersChanged = !sameJson(answersOf(before), answersOf(after))
    checkAnswersOpen(before, answersChanged)
    checkParticipants(after)
    if (!isAnswering(before, after, answersChanged)) return after
    const survey = await surveyOfResponse(before, ctx)
    checkAnswers(survey, after, ctx.now)
    return deriveComputed(survey, after, before.status, ctx.now)
  },
  indexes: [
    { name: 'survey_id', path: ['survey', 'id'] },
    { name: 'submitted_date', path: ['submittedDate'] },
    { name: 'creation_date', path: ['creationDate'] },
    { name: 'last_update', path: ['lastUpdate'] }
  ],
  example: {
    '@type': 'SurveyResponse',
    survey: { id: '6f1c2a9e-0000-4000-8000-000000000001', '@referredType': 'Survey' },
    status: 'completed',
    relatedParty: [
      { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: 'cust-001', '@referredType': 'Individual' } },
      { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'partner', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'fibreco', '@referredType': 'BusinessPartner' } }
    ],
    relatedEntity: [{ '@type': 'RelatedEntity', role: 'subject', entity: { '@type': 'EntityRef', id: 'a-trouble-ticket-id', '@referredType': 'TroubleTicket' } }],
    channel: { '@type': 'ChannelRef', id: 'email', name: 'Email' },
    answer: [{ '@type': 'SurveyAnswer', questionId: 'nps', value: 9 }, { '@type': 'SurveyAnswer', questionId: 'csat', value: 4 }]
  }
}
