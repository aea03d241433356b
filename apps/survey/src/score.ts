import { METRIC, type Question } from './metrics.ts'

export const NPS_CATEGORY = {
  promoter: 'promoter',
  passive: 'passive',
  detractor: 'detractor'
} as const
export type NpsCategory = typeof NPS_CATEGORY[keyof typeof NPS_CATEGORY]

export interface Answer { questionId: string, value: unknown }

export interface Score {
  '@type': 'SurveyScore'
  nps?: NpsCategory
  npsValue?: number
  csat?: number
  ces?: number
}

/** Reichheld's bands: 9–10 promote, 7–8 are passive, 0–6 detract. */
export function npsCategory (value: number): NpsCategory {
  if (value >= 9) return NPS_CATEGORY.promoter
  if (value >= 7) return NPS_CATEGORY.passive
  return NPS_CATEGORY.detractor
}

/**
 * The response's score from its (already validated) answers. A survey may ask a metric twice;
 * the first such question in the survey's order is the headline one, so the score does not
 * depend on the order the answers arrived in. Undefined when no scored metric is answered yet.
 */
export function computeScore (questions: readonly Question[], answers: readonly Answer[]): Score | undefined {
  const byQuestion = new Map(answers.map((a) => [a.questionId, a.value]))
  const firstAnswer = (metric: string): number | undefined => {
    for (const q of questions) {
      const v = byQuestion.get(q.id)
      if (q.metric === metric && typeof v === 'number') return v
    }
    return undefined
  }
  const nps = firstAnswer(METRIC.nps)
  const csat = firstAnswer(METRIC.csat)
  const ces = firstAnswer(METRIC.ces)
  if (nps === undefined && csat === undefined && ces === undefined) return undefined
  return {
    '@type': 'SurveyScore',
    ...(nps === undefined ? {} : { nps: npsCategory(nps), npsValue: nps }),
    ...(csat === undefined ? {} : { csat }),
    ...(ces === undefined ? {} : { ces })
  }
}
