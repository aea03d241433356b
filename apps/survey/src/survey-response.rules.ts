import { badRequest, conflict } from '@cx/errors'
import { relatedPartyIds, type Doc, type WriteContext } from '@cx/engine'
import { answerProblem } from './metrics.ts'
import { computeScore, type Answer } from './score.ts'
import { questionsOf, surveyClosedReason } from './survey.rules.ts'

/** What a response may be about (TMF621 tickets and TMF622 orders of the suite). */
export const SUBJECT_TYPES: readonly string[] = ['TroubleTicket', 'ProductOrder']
/** Attributes the server computes: a client never sends them. */
export const READ_ONLY = ['score', 'submittedDate'] as const
const FINAL = new Set(['completed', 'expired'])
const ANSWERING = new Set(['started', 'completed'])

export function answersOf (doc: Doc): Answer[] {
  return Array.isArray(doc.answer) ? doc.answer as Answer[] : []
}

export function refuseReadOnly (doc: Doc): void {
  const sent = READ_ONLY.filter((k) => k in doc)
  if (sent.length > 0) throw badRequest(`${sent.join(', ')} ${sent.length > 1 ? 'are' : 'is'} computed by the server and cannot be set`, 'ERR400-READ-ONLY')
}

/**
 * The survey a new response refers to. A survey outside the caller's scope is reported exactly
 * like a missing one, so a partner learns nothing about surveys it was not given.
 */
export async function referencedSurvey (doc: Doc, ctx: WriteContext): Promise<Doc> {
  const ref = doc.survey as Doc
  if (ref['@referredType'] !== undefined && ref['@referredType'] !== 'Survey') {
    throw badRequest(`survey.@referredType must be Survey, not ${JSON.stringify(ref['@referredType'])}`, 'ERR400-SURVEY')
  }
  const survey = await ctx.resource('survey').get(ctx.tx, String(ref.id))
  const p = ctx.principal
  const visible = survey !== undefined && (p.isOperator || (p.partnerId !== null && relatedPartyIds(survey).includes(p.partnerId)))
  if (!visible) throw badRequest(`survey ${String(ref.id)} does not exist`, 'ERR400-UNKNOWN-SURVEY')
  doc.survey = { ...ref, href: survey.href, name: ref.name ?? survey.name, '@referredType': 'Survey' }
  return survey
}

/** The survey of an existing response, needed again whenever it is answered. */
export async function surveyOfResponse (doc: Doc, ctx: WriteContext): Promise<Doc> {
  const id = String((doc.survey as Doc).id)
  const survey = await ctx.resource('survey').get(ctx.tx, id)
  if (survey === undefined) throw badRequest(`survey ${id} no longer exists`, 'ERR400-UNKNOWN-SURVEY')
  return survey
}

/** A response is one customer's, possibly attributed to a partner, about a ticket or an order. */
export function checkParticipants (doc: Doc): void {
  const parties = Array.isArray(doc.relatedParty) ? doc.relatedParty as Doc[] : []
  if (!parties.some((rp) => rp.role === 'customer')) {
    throw badRequest('relatedParty needs the customer who answers (role customer)', 'ERR400-CUSTOMER')
  }
  const entities = Array.isArray(doc.relatedEntity) ? doc.relatedEntity as Doc[] : []
  for (const re of entities) {
    const type = (re.entity as Doc | undefined)?.['@referredType']
    if (re.role === 'subject' && (typeof type !== 'string' || !SUBJECT_TYPES.includes(type))) {
      throw badRequest(`a subject must be a ${SUBJECT_TYPES.join(' or ')} (entity.@referredType), not ${JSON.stringify(type)}`, 'ERR400-SUBJECT')
    }
  }
}

/** Refuses answers the survey did not ask for or that lie off the question's scale. */
export function checkAnswers (survey: Doc, doc: Doc, now: string): void {
  const closed = surveyClosedReason(survey, now)
  if (closed !== undefined) throw badRequest(closed, 'ERR400-SURVEY-CLOSED')
  const answers = answersOf(doc)
  if (answers.length > 0 && !ANSWERING.has(String(doc.status))) {
    throw badRequest(`a response that is ${String(doc.status)} takes no answers; set status started or completed with them`, 'ERR400-ANSWER')
  }
  const questions = new Map(questionsOf(survey).map((q) => [q.id, q]))
  const seen = new Set<string>()
  for (const a of answers) {
    const q = questions.get(a.questionId)
    if (q === undefined) throw badRequest(`survey ${String(survey.id)} has no question ${a.questionId}`, 'ERR400-UNKNOWN-QUESTION')
    if (seen.has(a.questionId)) throw badRequest(`question ${a.questionId} is answered twice`, 'ERR400-ANSWER')
    seen.add(a.questionId)
    const problem = answerProblem(q, a.value)
    if (problem !== undefined) throw badRequest(problem, 'ERR400-ANSWER-VALUE')
  }
  if (doc.status === 'completed' && answers.length === 0) throw badRequest('a completed response needs at least one answer', 'ERR400-ANSWER')
}

/** A response that is final keeps the answers it was submitted with. */
export function checkAnswersOpen (before: Doc, answersChanged: boolean): void {
  if (answersChanged && FINAL.has(String(before.status))) {
    throw conflict(`the answers of a ${String(before.status)} response cannot change`, 'ERR409-ANSWERS-FROZEN')
  }
}

/** Whether this write answers the survey: new answers, or starting or submitting the response. */
export function isAnswering (before: Doc, after: Doc, answersChanged: boolean): boolean {
  return answersChanged || (before.status !== after.status && ANSWERING.has(String(after.status)))
}

/** Derives the read-only attributes: the score from the answers, the submission date on completion. */
export function deriveComputed (survey: Doc, doc: Doc, previousStatus: unknown, now: string): Doc {
  if (doc.status === 'completed' && previousStatus !== 'completed') doc.submittedDate = now
  const score = computeScore(questionsOf(survey), answersOf(doc))
  if (score === undefined) delete doc.score
  else doc.score = score
  return doc
}
