import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { aPartyRef, bearer, serverTestOptions, type StoreKind } from '@cx/test-kit'
import { buildApp } from './app.ts'

export const V1 = '/tmf-api/customerSatisfaction/v1'

type Body = Record<string, unknown>
type Caller = (opts: InjectOptions) => Promise<LightMyRequestResponse>

/** The survey app on its own database for one test, closed at teardown. */
export async function startSurveys (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const app = await buildApp(await serverTestOptions(t, kind, overrides) as never)
  t.teardown(() => app.close())
  await app.ready()
  return app
}

/** app.inject as a given caller ('operator' or a partner id). */
export function as (app: FastifyInstance, who: string): Caller {
  return async (opts) => await app.inject({ ...opts, headers: { authorization: await bearer(who), ...(opts.headers ?? {}) } })
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

export async function mergePatch (call: Caller, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return await call({ method: 'PATCH', url, headers: { 'content-type': 'application/merge-patch+json', ...headers }, payload: payload as Body })
}

/** Event types written to the outbox for one resource, oldest first. */
export async function outboxTypes (app: FastifyInstance, resourceId: string): Promise<string[]> {
  const rows = await app.db.query<{ event_type: string }>('SELECT event_type FROM cx_outbox WHERE resource_id = $1 ORDER BY seq', [resourceId])
  return rows.rows.map((r) => r.event_type)
}
