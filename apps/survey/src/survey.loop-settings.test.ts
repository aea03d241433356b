import t from 'tap'
import { MERGE_PATCH, storeKinds } from '@cx/test-kit'
import { as, aSurvey, createSurvey, startSurveys, V1 } from './test-support.ts'

// The closed loop's per-survey settings (README "Resources"; cx applies them): typed extension
// attributes, stored as sent, refused with a TMF Error when off their range.
for (const kind of storeKinds()) {
  t.test(`closed-loop settings of a survey on ${kind}`, async (t) => {
    const app = await startSurveys(t, kind)
    const op = as(app, 'operator')
    const followUp = await createSurvey(op, { name: 'Follow-up' })

    t.test('they are stored and returned, and may change on an active survey', async (t) => {
      const survey = await createSurvey(op, { invitationSuppressionDays: 30, invitationExpiryDays: 7, followUpSurvey: { id: followUp.id }, followUpDelayMinutes: 0 })
      t.match(survey, { invitationSuppressionDays: 30, invitationExpiryDays: 7, followUpSurvey: { id: followUp.id }, followUpDelayMinutes: 0 })
      const res = await op({ method: 'PATCH', url: survey.href, headers: MERGE_PATCH, payload: { followUpDelayMinutes: 120 } })
      t.equal(res.statusCode, 200)
      const stored = await app.db.query<{ doc: { followUpDelayMinutes: number } }>('SELECT doc FROM survey WHERE id = $1', [survey.id])
      t.equal(stored.rows[0]?.doc.followUpDelayMinutes, 120)
    })

    t.test('values off their range are a 400 TMF Error, and nothing is stored', async (t) => {
      for (const bad of [{ invitationExpiryDays: 0 }, { invitationSuppressionDays: -1 }, { followUpDelayMinutes: 1.5 }, { followUpSurvey: { name: 'no id' } }]) {
        const res = await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ name: `bad ${JSON.stringify(bad)}`, ...bad }) })
        t.equal(res.statusCode, 400, JSON.stringify(bad))
        t.match(res.json(), { '@type': 'Error', code: String, reason: String, status: '400' })
      }
      const n = await app.db.query("SELECT 1 FROM survey WHERE doc ->> 'name' LIKE 'bad %'")
      t.equal(n.rows.length, 0)
    })
  })
}
