/** What a question measures, and so which answers it accepts and which score it feeds. */
export const METRIC = {
  nps: 'nps',
  csat: 'csat',
  ces: 'ces',
  rating: 'rating',
  text: 'text'
} as const
export type Metric = typeof METRIC[keyof typeof METRIC]
export const METRICS = Object.values(METRIC)

export interface Scale { min: number, max: number }

/**
 * The industry scales of the three CX metrics: NPS 0–10 (Reichheld), CSAT 1–5, CES 1–7 (the
 * CEB 2.0 agreement scale). They are fixed so scores compare across surveys and partners.
 */
export const FIXED_SCALES: Readonly<Record<'nps' | 'csat' | 'ces', Scale>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 }
}

/** Longest free-text answer kept: enough for a verbatim comment, not a document store. */
export const MAX_TEXT_ANSWER = 4000

export interface Question {
  id: string
  text: string
  metric: Metric
  scaleMin?: number
  scaleMax?: number
}

/** The scale a question's answers must lie on; undefined for free text. */
export function scaleOf (q: Question): Scale | undefined {
  if (q.metric === METRIC.text) return undefined
  if (q.metric === METRIC.rating) return { min: q.scaleMin ?? Number.NaN, max: q.scaleMax ?? Number.NaN }
  return FIXED_SCALES[q.metric]
}

/** Why a question definition is unusable, or undefined when it is fine. */
export function questionProblem (q: Question): string | undefined {
  const hasScale = q.scaleMin !== undefined || q.scaleMax !== undefined
  if (q.metric !== METRIC.rating) {
    return hasScale ? `question ${q.id}: scaleMin/scaleMax apply only to rating questions (${q.metric} has a fixed scale)` : undefined
  }
  if (q.scaleMin === undefined || q.scaleMax === undefined) return `question ${q.id}: a rating question needs scaleMin and scaleMax`
  if (q.scaleMin >= q.scaleMax) return `question ${q.id}: scaleMin must be lower than scaleMax`
  return undefined
}

/** Why an answer does not fit its question, or undefined when it does. */
export function answerProblem (q: Question, value: unknown): string | undefined {
  if (q.metric === METRIC.text) {
    if (typeof value !== 'string' || value.trim() === '') return `question ${q.id} expects a non-empty text`
    return value.length > MAX_TEXT_ANSWER ? `question ${q.id} accepts at most ${MAX_TEXT_ANSWER} characters` : undefined
  }
  const scale = scaleOf(q) as Scale
  // Scale answers are whole points: 7.5 on an NPS scale is not a value anyone could have ticked.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < scale.min || value > scale.max) {
    return `question ${q.id} (${q.metric}) expects an integer from ${scale.min} to ${scale.max}, not ${JSON.stringify(value)}`
  }
  return undefined
}
