import type { Doc } from '../projections/entity-facts.ts'
import { isOpenRecoveryTicket } from '../closed-loop/recovery-records.ts'

/**
 * The customer's experience summary: a few plain signals, an explainable 0–100 index built from
 * them, and a churn risk with reasons a care agent can read out. Every formula is documented in
 * apps/cx/README.md ("Experience"); change both together.
 */
export interface ExperienceInput {
  /** Signal name, e.g. `npsValue`. */
  name: string
  /** The signal's value in its own unit (null when there is no data). */
  value: number | null
  /** The signal's score on 0–100 (100 best), null when there is no data. */
  score: number | null
  /** Share of the index this signal carries after renormalising over the signals with data (0–1). */
  weight: number
  /** weight × score, rounded to 0.1: the points this signal adds to the index. */
  contribution: number
  /** How the score is derived, in words. */
  rule: string
}

export interface Experience {
  '@type': 'CxExperience'
  npsCategory: 'promoter' | 'passive' | 'detractor' | null
  npsValue: number | null
  csatMean: number | null
  openTickets: number
  reopenedTickets: number
  mttrHours: number | null
  orderToActivationHours: number | null
  slaBreaches: number
  /** Complaint tickets of the closed loop (a detractor's call-back) not yet resolved. */
  openRecoveries: number
  experienceIndex: number | null
  inputs: ExperienceInput[]
  churnRisk: 'low' | 'medium' | 'high'
  reasons: string[]
  /** The window of the windowed signals, in days. */
  windowDays: number
}

export interface ExperienceSources {
  tickets: readonly Doc[]
  orders: readonly Doc[]
  violations: readonly Doc[]
  responses: readonly Doc[]
}

export const WINDOW_DAYS = 90
const HOUR = 3_600_000
const OPEN_TICKET_STATES = new Set(['acknowledged', 'inProgress', 'pending', 'held'])

const round1 = (n: number): number => Math.round(n * 10) / 10
const clamp = (n: number): number => Math.max(0, Math.min(100, n))
const time = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : Number.NaN)

interface Change { state: string, at: number }
function history (doc: Doc, field: 'status' | 'state'): Change[] {
  const raw = doc[`${field}ChangeHistory`]
  if (!Array.isArray(raw)) return []
  return (raw as Doc[])
    .map((h) => ({ state: String(h?.[field] ?? ''), at: time(h?.[`${field}ChangeDate`]) }))
    .filter((c) => !Number.isNaN(c.at))
    .sort((a, b) => a.at - b.at)
}

function median (xs: number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

function mean (xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length
}

/** Linear score: 100 at or below `best`, 0 at or beyond `worst` (works for either direction). */
function linear (value: number, best: number, worst: number): number {
  return clamp(100 * (worst - value) / (worst - best))
}

interface SignalDef { name: string, weight: number, rule: string, score: (v: number) => number }
const SIGNALS: SignalDef[] = [
  { name: 'npsValue', weight: 0.30, rule: 'latest NPS answer × 10', score: (v) => clamp(v * 10) },
  { name: 'csatMean', weight: 0.20, rule: `(mean CSAT of the last ${WINDOW_DAYS} days − 1) / 4 × 100`, score: (v) => clamp((v - 1) / 4 * 100) },
  { name: 'openTickets', weight: 0.15, rule: '100 − 25 per open ticket', score: (v) => clamp(100 - 25 * v) },
  { name: 'reopenedTickets', weight: 0.10, rule: `100 − 50 per ticket reopened in the last ${WINDOW_DAYS} days`, score: (v) => clamp(100 - 50 * v) },
  { name: 'mttrHours', weight: 0.10, rule: '100 up to 4 h, falling linearly to 0 at 72 h', score: (v) => linear(v, 4, 72) },
  { name: 'orderToActivationHours', weight: 0.05, rule: '100 up to 48 h, falling linearly to 0 at 720 h (30 days)', score: (v) => linear(v, 48, 720) },
  { name: 'slaBreaches', weight: 0.10, rule: `100 − 34 per SLA breach in the last ${WINDOW_DAYS} days`, score: (v) => clamp(100 - 34 * v) }
]

/**
 * Computes the experience over the records given (the operator's whole view, or one partner's
 * share). `now` fixes the 90-day window, so the result is reproducible.
 */
export function computeExperience (src: ExperienceSources, now: Date): Experience {
  const since = now.getTime() - WINDOW_DAYS * 24 * HOUR
  const inWindow = (t: number): boolean => !Number.isNaN(t) && t >= since && t <= now.getTime()

  const answered = src.responses
    .filter((r) => r.status === 'completed' && typeof (r.score as Doc | undefined)?.npsValue === 'number')
    .sort((a, b) => time(b.submittedDate ?? b.lastUpdate) - time(a.submittedDate ?? a.lastUpdate))
  const latestNps = answered[0]?.score as Doc | undefined
  const npsValue = typeof latestNps?.npsValue === 'number' ? latestNps.npsValue : null
  const npsCategory = npsValue === null ? null : npsValue >= 9 ? 'promoter' : npsValue >= 7 ? 'passive' : 'detractor'

  const csats = src.responses
    .filter((r) => r.status === 'completed' && typeof (r.score as Doc | undefined)?.csat === 'number' && inWindow(time(r.submittedDate)))
    .map((r) => Number((r.score as Doc).csat))
  const csatMeanRaw = mean(csats)

  const openTickets = src.tickets.filter((t) => OPEN_TICKET_STATES.has(String(t.status))).length
  let reopenedTickets = 0
  const resolveHours: number[] = []
  for (const t of src.tickets) {
    const h = history(t, 'status')
    if (h.some((c, i) => i > 0 && c.state === 'inProgress' && h[i - 1]?.state === 'resolved' && inWindow(c.at))) reopenedTickets++
    const firstResolved = h.find((c) => c.state === 'resolved')
    const created = time(t.creationDate)
    if (firstResolved !== undefined && !Number.isNaN(created) && inWindow(firstResolved.at)) resolveHours.push((firstResolved.at - created) / HOUR)
  }
  const mttr = mean(resolveHours)
  // Repeat contacts: tickets opened in the window that the trouble-ticket service threaded to an earlier one.
  const repeatContacts = src.tickets.filter((t) => typeof t.repeatContactCount === 'number' && t.repeatContactCount > 0 && inWindow(time(t.creationDate))).length

  const activationHours: number[] = []
  for (const o of src.orders) {
    if (o.state !== 'completed') continue
    const done = time(o.completionDate) || (history(o, 'state').find((c) => c.state === 'completed')?.at ?? Number.NaN)
    const created = time(o.creationDate)
    if (!Number.isNaN(done) && !Number.isNaN(created) && inWindow(done)) activationHours.push((done - created) / HOUR)
  }
  const o2a = median(activationHours)
  const slaBreaches = src.violations.filter((v) => inWindow(time(v.date))).length

  const values: Record<string, number | null> = {
    npsValue,
    csatMean: csatMeanRaw === null ? null : Math.round(csatMeanRaw * 100) / 100,
    openTickets,
    reopenedTickets,
    mttrHours: mttr === null ? null : round1(mttr),
    orderToActivationHours: o2a === null ? null : round1(o2a),
    slaBreaches
  }
  const present = SIGNALS.filter((s) => values[s.name] !== null)
  const totalWeight = present.reduce((a, s) => a + s.weight, 0)
  const inputs: ExperienceInput[] = SIGNALS.map((s) => {
    const value = values[s.name] ?? null
    if (value === null) return { name: s.name, value: null, score: null, weight: 0, contribution: 0, rule: `${s.rule}; no data, so left out` }
    const score = round1(s.score(value))
    const weight = Math.round(s.weight / totalWeight * 1000) / 1000
    return { name: s.name, value, score, weight, contribution: round1(score * s.weight / totalWeight), rule: s.rule }
  })
  const experienceIndex = present.length === 0 ? null : Math.round(inputs.reduce((a, i) => a + (i.score ?? 0) * (SIGNALS.find((s) => s.name === i.name)?.weight ?? 0) / totalWeight, 0))

  const { churnRisk, reasons } = churn({ npsValue, npsCategory, csatMean: values.csatMean ?? null, openTickets, reopenedTickets, repeatContacts, slaBreaches, mttrHours: values.mttrHours ?? null })
  return {
    '@type': 'CxExperience',
    npsCategory,
    npsValue,
    csatMean: values.csatMean ?? null,
    openTickets,
    reopenedTickets,
    mttrHours: values.mttrHours ?? null,
    orderToActivationHours: values.orderToActivationHours ?? null,
    slaBreaches,
    openRecoveries: src.tickets.filter(isOpenRecoveryTicket).length,
    experienceIndex,
    inputs,
    churnRisk,
    reasons,
    windowDays: WINDOW_DAYS
  }
}

/**
 * Churn risk by points: a detractor's latest NPS 3, a passive 1; mean CSAT ≤ 2: 2; a reopened
 * ticket: 2; a repeat contact (a ticket threaded to an earlier one about the same problem, issue 15)
 * 1, two or more 2; two or more open tickets: 1; an SLA breach: 1; MTTR over 48 h: 1. High from 4 points,
 * medium from 2. Each point-scoring rule adds its reason in plain words.
 */
function churn (s: { npsValue: number | null, npsCategory: string | null, csatMean: number | null, openTickets: number, reopenedTickets: number, repeatContacts: number, slaBreaches: number, mttrHours: number | null }): { churnRisk: 'low' | 'medium' | 'high', reasons: string[] } {
  let points = 0
  const reasons: string[] = []
  if (s.npsCategory === 'detractor') { points += 3; reasons.push(`Their latest NPS answer was ${String(s.npsValue)} out of 10: a detractor.`) }
  if (s.npsCategory === 'passive') { points += 1; reasons.push(`Their latest NPS answer was ${String(s.npsValue)} out of 10: passive, not a promoter.`) }
  if (s.csatMean !== null && s.csatMean <= 2) { points += 2; reasons.push(`Their satisfaction (CSAT) averaged ${s.csatMean} out of 5 over the last ${WINDOW_DAYS} days.`) }
  if (s.reopenedTickets > 0) { points += 2; reasons.push(`${s.reopenedTickets} of their tickets had to be reopened after being marked resolved.`) }
  if (s.repeatContacts > 0) { points += Math.min(s.repeatContacts, 2); reasons.push(`${s.repeatContacts === 1 ? 'Once' : `${s.repeatContacts} times`} in the last ${WINDOW_DAYS} days they had to contact us again about a problem they had already reported.`) }
  if (s.openTickets >= 2) { points += 1; reasons.push(`They have ${s.openTickets} tickets open at the same time.`) }
  if (s.slaBreaches > 0) { points += 1; reasons.push(`${s.slaBreaches} SLA breach${s.slaBreaches === 1 ? '' : 'es'} affected them in the last ${WINDOW_DAYS} days.`) }
  if (s.mttrHours !== null && s.mttrHours > 48) { points += 1; reasons.push(`Their tickets took ${s.mttrHours} hours to resolve on average.`) }
  return { churnRisk: points >= 4 ? 'high' : points >= 2 ? 'medium' : 'low', reasons }
}
