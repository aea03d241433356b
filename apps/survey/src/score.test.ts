import t from 'tap'
import { computeScore, npsCategory } from './score.ts'
import type { Question } from './metrics.ts'

const q = (id: string, metric: Question['metric']): Question => ({ id, text: id, metric })

t.test('NPS bands: 0–6 detractor, 7–8 passive, 9–10 promoter', async (t) => {
  const bands = Array.from({ length: 11 }, (_, v) => npsCategory(v))
  t.same(bands, ['detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter'])
})

t.test('the score carries each answered metric and nothing else', async (t) => {
  const questions = [q('n', 'nps'), q('s', 'csat'), q('e', 'ces'), q('r', 'rating'), q('x', 'text')]
  t.same(computeScore(questions, [{ questionId: 'n', value: 8 }, { questionId: 's', value: 4 }, { questionId: 'e', value: 2 }, { questionId: 'r', value: 9 }, { questionId: 'x', value: 'ok' }]),
    { '@type': 'SurveyScore', nps: 'passive', npsValue: 8, csat: 4, ces: 2 })
  t.same(computeScore(questions, [{ questionId: 's', value: 1 }]), { '@type': 'SurveyScore', csat: 1 })
  t.same(computeScore(questions, [{ questionId: 'n', value: 0 }]), { '@type': 'SurveyScore', nps: 'detractor', npsValue: 0 })
})

t.test('no scored answer means no score', async (t) => {
  t.equal(computeScore([q('r', 'rating'), q('x', 'text')], [{ questionId: 'r', value: 3 }, { questionId: 'x', value: 'fine' }]), undefined)
  t.equal(computeScore([q('n', 'nps')], []), undefined)
})

t.test('with a metric asked twice, the first question of the survey counts, whatever the answer order', async (t) => {
  const questions = [q('overall', 'nps'), q('again', 'nps')]
  t.same(computeScore(questions, [{ questionId: 'again', value: 2 }, { questionId: 'overall', value: 10 }]),
    { '@type': 'SurveyScore', nps: 'promoter', npsValue: 10 })
  t.same(computeScore(questions, [{ questionId: 'again', value: 2 }]), { '@type': 'SurveyScore', nps: 'detractor', npsValue: 2 }, 'the second counts when the first is unanswered')
})
