import { badRequest, conflict } from '@cx/errors'
import type { Doc } from '@cx/engine'
import { questionProblem, type Question } from './metrics.ts'
import { isTriggerEventType, TRIGGER_EVENT_TYPES } from './trigger-events.ts'
import { sameJson } from './same-json.ts'

// name=value terms joined by &, as a hub subscription query; the later invitation job parses it fully.
const QUERY_TERM = /^[A-Za-z@$][\w@$.]*=[^&=]+$/

export function questionsOf (survey: Doc): Question[] {
  return Array.isArray(survey.question) ? survey.question as Question[] : []
}

/** Checks what the schema cannot: question scales, unique ids, known trigger events, the validity period. */
export function checkSurvey (doc: Doc): void {
  const questions = questionsOf(doc)
  const ids = new Set<string>()
  for (const q of questions) {
    if (ids.has(q.id)) throw badRequest(`question id ${q.id} is used twice`, 'ERR400-QUESTION')
    ids.add(q.id)
    const problem = questionProblem(q)
    if (problem !== undefined) throw badRequest(problem, 'ERR400-QUESTION')
  }
  if (doc.status !== 'draft' && questions.length === 0) {
    throw badRequest(`a ${String(doc.status)} survey needs at least one question`, 'ERR400-QUESTION')
  }
  const triggers = Array.isArray(doc.trigger) ? doc.trigger as Doc[] : []
  for (const t of triggers) {
    const eventType = String(t.eventType)
    if (!isTriggerEventType(eventType)) {
      throw badRequest(`trigger eventType ${eventType} is not an event of the suite (${TRIGGER_EVENT_TYPES.join(', ')})`, 'ERR400-TRIGGER')
    }
    if (typeof t.query === 'string' && !t.query.split('&').every((term) => QUERY_TERM.test(term))) {
      throw badRequest(`trigger query ${JSON.stringify(t.query)} is not a filter of name=value terms joined by &`, 'ERR400-TRIGGER')
    }
  }
  const validFor = doc.validFor as { startDateTime?: string, endDateTime?: string } | undefined
  if (validFor?.startDateTime !== undefined && validFor.endDateTime !== undefined &&
    Date.parse(validFor.startDateTime) >= Date.parse(validFor.endDateTime)) {
    throw badRequest('validFor.startDateTime must be before validFor.endDateTime', 'ERR400-VALIDATION')
  }
}

/** Responses are checked against the questions: once a survey is out of draft they may not move. */
export function checkQuestionsFrozen (before: Doc, after: Doc): void {
  if (before.status === 'draft' || sameJson(before.question, after.question)) return
  throw conflict(`the questions of a ${String(before.status)} survey cannot change; create a new survey instead`, 'ERR409-QUESTIONS-FROZEN')
}

/** Whether a survey takes answers at `now`: active and inside its validity period. */
export function surveyClosedReason (survey: Doc, now: string): string | undefined {
  if (survey.status !== 'active') return `survey ${String(survey.id)} is ${String(survey.status)}: only an active survey can be answered`
  const validFor = survey.validFor as { startDateTime?: string, endDateTime?: string } | undefined
  const t = Date.parse(now)
  if (validFor?.startDateTime !== undefined && t < Date.parse(validFor.startDateTime)) return `survey ${String(survey.id)} opens at ${validFor.startDateTime}`
  if (validFor?.endDateTime !== undefined && t >= Date.parse(validFor.endDateTime)) return `survey ${String(survey.id)} closed at ${validFor.endDateTime}`
  return undefined
}
