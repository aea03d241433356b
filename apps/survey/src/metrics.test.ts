import t from 'tap'
import { answerProblem, questionProblem, type Question } from './metrics.ts'

const q = (metric: Question['metric'], extra: Partial<Question> = {}): Question => ({ id: 'q', text: 'q', metric, ...extra })

t.test('fixed scales: nps 0–10, csat 1–5, ces 1–7, integers only', async (t) => {
  const cases: Array<[Question['metric'], number, number]> = [['nps', 0, 10], ['csat', 1, 5], ['ces', 1, 7]]
  for (const [metric, min, max] of cases) {
    t.equal(answerProblem(q(metric), min), undefined, `${metric} ${min}`)
    t.equal(answerProblem(q(metric), max), undefined, `${metric} ${max}`)
    t.match(answerProblem(q(metric), min - 1), `from ${min} to ${max}`, `${metric} below`)
    t.match(answerProblem(q(metric), max + 1), `from ${min} to ${max}`, `${metric} above`)
    t.ok(answerProblem(q(metric), min + 0.5), `${metric} fraction`)
    t.ok(answerProblem(q(metric), String(max)), `${metric} as a string`)
  }
  t.ok(answerProblem(q('nps'), Number.NaN))
  t.ok(answerProblem(q('nps'), null))
})

t.test('rating questions use their own scale', async (t) => {
  const stars = q('rating', { scaleMin: 1, scaleMax: 10 })
  t.equal(answerProblem(stars, 10), undefined)
  t.match(answerProblem(stars, 0), 'from 1 to 10')
  t.match(answerProblem(stars, 11), 'from 1 to 10')
  t.equal(answerProblem(q('rating', { scaleMin: -2, scaleMax: 2 }), -2), undefined, 'a scale may go below zero')
})

t.test('text questions take a non-empty string of bounded length', async (t) => {
  t.equal(answerProblem(q('text'), 'Quick and friendly'), undefined)
  t.ok(answerProblem(q('text'), '  '))
  t.ok(answerProblem(q('text'), 7))
  t.match(answerProblem(q('text'), 'x'.repeat(4001)), 'at most 4000')
})

t.test('question definitions: only rating takes a scale, and it must be ordered', async (t) => {
  t.equal(questionProblem(q('nps')), undefined)
  t.equal(questionProblem(q('rating', { scaleMin: 1, scaleMax: 5 })), undefined)
  t.match(questionProblem(q('rating')), 'needs scaleMin and scaleMax')
  t.match(questionProblem(q('rating', { scaleMin: 1 })), 'needs scaleMin and scaleMax')
  t.match(questionProblem(q('rating', { scaleMin: 5, scaleMax: 5 })), 'lower than')
  t.match(questionProblem(q('csat', { scaleMin: 0, scaleMax: 10 })), 'only to rating')
})
