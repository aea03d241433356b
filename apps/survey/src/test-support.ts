import type { FastifyInstance } from 'fastify'
import { aPartyRef, type StoreKind, startApp, type Caller } from '@cx/test-kit'
import { buildApp } from './app.ts'

export { as, mergePatch, outboxTypes, type Caller } from '@cx/test-kit'

export const V1 = '/tmf-api/customerSatisfaction/v1'

type Body = Record<string, unknown>

/** This app on its own test database, closed at teardown. */
export async function startSurveys (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  return await startApp(t, buildApp, kind, overrides)
}

export function aQuestion (id: string, metric: string, extra: Body = {}): Body {
  return { '@type': 'SurveyQuestion', id, text: `Question ${id}`, metric, ...extra }
}

/** One question of every metric: nps, csat, ces, a 1–10 rating and a comment. */
export function aSurvey (overrides: Body = {}): Body {
  return {
    '@type': 'Survey',
    name: 'After a repair',
    description: 'Sent once a trouble ticket is resolved',
    question: [
      aQuestion('nps', 'nps'),
      aQuestion('csat', 'csat'),
      aQuestion('ces', 'ces'),
      aQuestion('tech', 'rating', { scaleMin: 1, scaleMax: 10 }),
      aQuestion('why', 'text')
    ],
    trigger: [{ '@type': 'SurveyTrigger', eventType: 'TroubleTicketResolvedEvent', delayMinutes: 60 }],
    ...overrides
  }
}

export function anAnswer (questionId: string, value: unknown): Body {
  return { '@type': 'SurveyAnswer', questionId, value }
}

export function aSurveyResponse (survey: { id: string }, overrides: Body = {}): Body {
  return {
    '@type': 'SurveyResponse',
    survey: { id: survey.id, '@referredType': 'Survey' },
    relatedParty: [aPartyRef('customer', 'cust-001'), aPartyRef('partner', 'fibreco', 'BusinessPartner')],
    relatedEntity: [{ '@type': 'RelatedEntity', role: 'subject', entity: { '@type': 'EntityRef', id: 'tt-1', '@referredType': 'TroubleTicket' } }],
    channel: { '@type': 'ChannelRef', id: 'email', name: 'Email' },
    ...overrides
  }
}

/** POSTs a survey (active unless told otherwise) and answers with its body; throws on failure. */
export async function createSurvey (call: Caller, overrides: Body = {}): Promise<Body & { id: string, href: string }> {
  const res = await call({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ status: 'active', ...overrides }) })
  if (res.statusCode !== 201) throw new Error(`createSurvey: ${res.statusCode} ${res.body}`)
  return res.json()
}
