import type { Doc } from '../projections/entity-facts.ts'

/**
 * The closed loop's rules, each configurable per survey by an extension attribute of the survey
 * (TMF extension pattern: extra attributes on a resource with `additionalProperties`). The defaults
 * and their meaning are in apps/cx/README.md ("Closed loop") and apps/survey/README.md; change them
 * together.
 */
export interface LoopSettings {
  /** `invitationSuppressionDays`: at most one invitation per customer in this many days, across surveys (follow-ups exempt). */
  suppressionDays: number
  /** `invitationExpiryDays`: an `invited` response unanswered this long becomes `expired`. */
  expiryDays: number
  /** `followUpSurvey.id`: the survey of the follow-up invitation after a recovery (default: the same survey). */
  followUpSurveyId: string
  /** `followUpDelayMinutes`: how long after the complaint ticket is resolved the follow-up goes out. */
  followUpDelayMinutes: number
}

export const DEFAULT_SUPPRESSION_DAYS = 7
export const DEFAULT_EXPIRY_DAYS = 14
export const DEFAULT_FOLLOW_UP_DELAY_MINUTES = 1440
/**
 * An invitation or a complaint more than this late (its moment was this long ago when the loop
 * first could act, e.g. history seen by a first back-fill) is dropped: asking about an experience
 * days later, or calling a customer back about a week-old answer nobody saw, does more harm than good.
 */
export const LATE_LIMIT_MS = 24 * 3_600_000

/** A detractor answer (the thresholds): NPS 0–6 or CSAT 1–2. */
export const DETRACTOR_NPS_MAX = 6
export const DETRACTOR_CSAT_MAX = 2

const positiveInt = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback

/** The loop settings of a survey document (defaults for absent or malformed attributes). */
export function loopSettingsOf (survey: Doc): LoopSettings {
  const followUp = survey.followUpSurvey as Doc | undefined
  return {
    suppressionDays: positiveInt(survey.invitationSuppressionDays, DEFAULT_SUPPRESSION_DAYS),
    expiryDays: positiveInt(survey.invitationExpiryDays, DEFAULT_EXPIRY_DAYS),
    followUpSurveyId: typeof followUp?.id === 'string' && followUp.id !== '' ? followUp.id : String(survey.id),
    followUpDelayMinutes: positiveInt(survey.followUpDelayMinutes, DEFAULT_FOLLOW_UP_DELAY_MINUTES)
  }
}

export interface Scores { nps: number | null, csat: number | null }

/** The NPS and CSAT of a response, from its server-computed `score`. */
export function scoresOf (response: Doc): Scores {
  const score = response.score as Doc | undefined
  return {
    nps: typeof score?.npsValue === 'number' ? score.npsValue : null,
    csat: typeof score?.csat === 'number' ? score.csat : null
  }
}

export function isDetractor (s: Scores): boolean {
  return (s.nps !== null && s.nps <= DETRACTOR_NPS_MAX) || (s.csat !== null && s.csat <= DETRACTOR_CSAT_MAX)
}

/**
 * Severity of the complaint ticket (TMF621 `severity`, free text; the suite uses Critical, Major,
 * Minor): `Critical` for NPS 0–2 or CSAT 1 (an angry customer, most likely to leave), `Major` for
 * NPS 3–4, else `Minor` (NPS 5–6 or CSAT 2).
 */
export function complaintSeverity (s: Scores): 'Critical' | 'Major' | 'Minor' {
  if ((s.nps !== null && s.nps <= 2) || s.csat === 1) return 'Critical'
  if (s.nps !== null && s.nps <= 4) return 'Major'
  return 'Minor'
}

/** relatedEntity roles the loop writes and reads. */
export const ROLE = {
  /** On an invitation: the ticket or order it asks about (the survey service's own rule). */
  subject: 'subject',
  /** On a complaint ticket: the detractor response that opened it. */
  surveyResponse: 'surveyResponse',
  /** On a follow-up invitation: the complaint ticket it follows up. */
  complaint: 'complaint'
} as const

/** The relatedEntity of `doc` with `role`, as {id, @referredType}. */
export function relatedEntityOf (doc: Doc, role: string): { id: string, href?: string, '@referredType'?: string } | undefined {
  if (!Array.isArray(doc.relatedEntity)) return undefined
  for (const re of doc.relatedEntity as Doc[]) {
    const e = re?.entity as Doc | undefined
    if (re?.role === role && typeof e?.id === 'string') {
      return { id: e.id, ...(typeof e.href === 'string' ? { href: e.href } : {}), ...(typeof e['@referredType'] === 'string' ? { '@referredType': e['@referredType'] } : {}) }
    }
  }
  return undefined
}

/** A complaint ticket the loop opened: ticketType Complaint naming the detractor response. */
export function recoveryIdOfTicket (ticket: Doc): string | undefined {
  if (ticket.ticketType !== 'Complaint') return undefined
  return relatedEntityOf(ticket, ROLE.surveyResponse)?.id
}

export const CLOSED_TICKET_STATES: ReadonlySet<string> = new Set(['resolved', 'closed'])
/** A subject that ended so (before the delay was over) gets no invitation. */
export const WITHDRAWN_STATES: ReadonlySet<string> = new Set(['cancelled', 'rejected'])
