import type { FastifyInstance } from 'fastify'
import { buildTmfServer } from '@cx/engine'
import { customerApi } from '@cx/customer'
import { productOrderApi } from '@cx/product-order'
import { troubleTicketApi } from '@cx/trouble-ticket'
import { slaApi } from '@cx/sla'
import { surveyApi } from '@cx/survey'
import { as, serverTestOptions, until, type Caller, type StoreKind } from '@cx/test-kit'
import { cxTestOptions, RESPONSES, startCxWith, SURVEYS, urlOf } from '../test-support.ts'
import type { CxAppOptions } from '../app.ts'

type Body = Record<string, unknown>
interface T { teardown: (fn: () => unknown) => void }

/** A clock both the sources and cx read; tests move it instead of sleeping. */
export class TestClock {
  constructor (public at: Date) {}
  readonly now = (): Date => this.at
  /** Moves the clock forward by `minutes`. */
  advance (minutes: number): void { this.at = new Date(this.at.getTime() + minutes * 60_000) }
}

export interface LoopWorld {
  clock: TestClock
  sources: FastifyInstance
  cx: FastifyInstance
  cxOptions: CxAppOptions
  /** The operator on the sources. */
  src: Caller
}

/** The five resource services and a live cx, on one controllable clock. `persistent` lets cx restart on its database. */
export async function startLoopWorld (t: T, kind: StoreKind, persistent = false): Promise<LoopWorld> {
  const clock = new TestClock(new Date('2026-03-02T09:00:00.000Z'))
  const sources = await buildTmfServer([customerApi, productOrderApi, troubleTicketApi, slaApi, surveyApi], { ...await serverTestOptions(t, kind), now: clock.now } as never)
  t.teardown(() => sources.close())
  await sources.listen({ port: 0, host: '127.0.0.1' })
  const cxOptions = { ...await cxTestOptions(t, kind, urlOf(sources), {}, persistent), now: clock.now }
  const cx = await startCxWith(t, cxOptions)
  return { clock, sources, cx, cxOptions, src: as(sources, 'operator') }
}

/** An active NPS + CSAT survey with `triggers` and extra (loop) attributes; cx has read it when this returns. */
export async function aTriggeredSurvey (w: { src: Caller, cx: FastifyInstance }, name: string, triggers: Body[], extra: Body = {}): Promise<Body & { id: string, href: string }> {
  const res = await w.src({
    method: 'POST',
    url: SURVEYS,
    payload: {
      '@type': 'Survey',
      name,
      status: 'active',
      question: [
        { '@type': 'SurveyQuestion', id: 'nps', text: 'Recommend us?', metric: 'nps' },
        { '@type': 'SurveyQuestion', id: 'csat', text: 'Satisfied?', metric: 'csat' }
      ],
      trigger: triggers.map((x) => ({ '@type': 'SurveyTrigger', ...x })),
      ...extra
    }
  })
  if (res.statusCode !== 201) throw new Error(`survey: ${res.statusCode} ${res.body}`)
  await w.cx.closedLoop?.refreshSurveys()
  return res.json()
}

export interface InvitationRow { id: string, state: string, due_at: Date, response_id: string | null, reason: string | null, follow_up_of: string | null, event_type: string }

/** The loop's invitation rows about a subject (ticket or order id), or following up a recovery. */
export async function invitationsAbout (cx: FastifyInstance, subjectId: string): Promise<InvitationRow[]> {
  return (await cx.db.query<InvitationRow>(
    "SELECT id, state, due_at, response_id, reason, follow_up_of, event_type FROM cx_loop_invitation WHERE subject ->> 'id' = $1 ORDER BY id", [subjectId])).rows
}

/** Waits until cx has scheduled (or otherwise recorded) `n` invitation rows about the subject. */
export async function scheduled (cx: FastifyInstance, subjectId: string, n = 1): Promise<InvitationRow[]> {
  return await until(`${n} invitation(s) about ${subjectId}`, async () => {
    const rows = await invitationsAbout(cx, subjectId)
    return rows.length >= n ? rows : undefined
  })
}

/** The survey responses at the survey service whose subject is `subjectId`. */
export async function responsesAbout (src: Caller, subjectId: string): Promise<Body[]> {
  const res = await src({ method: 'GET', url: `${RESPONSES}?relatedEntity.entity.id=${subjectId}` })
  if (res.statusCode !== 200) throw new Error(`responses: ${res.statusCode} ${res.body}`)
  return res.json()
}
