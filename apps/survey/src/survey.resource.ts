import { changeTracking, type ResourceDeclaration } from '@cx/engine'
import { Survey, SurveyFvo, SurveyMvo, surveyComponents } from './survey.schemas.ts'
import { checkQuestionsFrozen, checkSurvey } from './survey.rules.ts'
import { operatorOnly } from './operator-only.ts'

/** A survey is drafted, runs, then is retired for good (a new version is a new survey). */
export const surveyTransitions = {
  draft: ['active'],
  active: ['retired'],
  retired: []
} as const

export const surveyResource: ResourceDeclaration = {
  name: 'survey',
  type: 'Survey',
  table: 'survey',
  schemas: { resource: Survey, create: SurveyFvo, patch: SurveyMvo },
  components: surveyComponents,
  timestamps: { created: 'creationDate', updated: 'lastUpdate' },
  lifecycle: {
    field: 'status',
    initial: 'draft',
    createStates: ['draft', 'active'],
    transitions: surveyTransitions,
    ...changeTracking('status', 'SurveyStatusChange'),
    changeEvent: 'SurveyStateChangeEvent'
  },
  onCreate: (doc, ctx) => {
    operatorOnly(ctx, 'define surveys')
    checkSurvey(doc)
    return doc
  },
  onUpdate: (before, after, ctx) => {
    operatorOnly(ctx, 'change a survey')
    checkQuestionsFrozen(before, after)
    checkSurvey(after)
    return after
  },
  indexes: [{ name: 'creation_date', path: ['creationDate'] }, { name: 'last_update', path: ['lastUpdate'] }],
  example: {
    '@type': 'Survey',
    name: 'After a repair',
    status: 'active',
    question: [
      { '@type': 'SurveyQuestion', id: 'nps', text: 'How likely are you to recommend us to a friend?', metric: 'nps' },
      { '@type': 'SurveyQuestion', id: 'csat', text: 'How satisfied are you with the repair?', metric: 'csat' },
      { '@type': 'SurveyQuestion', id: 'why', text: 'What could we do better?', metric: 'text' }
    ],
    trigger: [{ '@type': 'SurveyTrigger', eventType: 'TroubleTicketResolvedEvent', delayMinutes: 60 }]
  }
}
