import t from 'tap'
import { aPartyRef, checkPartnerWriteScope, PARTNER_A, PARTNER_B, storeKinds } from '@cx/test-kit'
import { as, aSurvey, aSurveyResponse, createSurvey, startSurveys, V1 } from './test-support.ts'

// Issue 8 §4: a partner may add, change or remove only its own partner entry in relatedParty: it
// cannot attribute a response to another partner, nor take one away from it.
for (const kind of storeKinds()) {
  t.test(`survey partner write scope on ${kind}`, async (t) => {
    const app = await startSurveys(t, kind)
    const op = as(app, 'operator')

    await t.test('survey', async (t) => {
      await checkPartnerWriteScope(t, app, {
        collection: `${V1}/survey`,
        body: (relatedParty) => aSurvey({ relatedParty }),
        partnerCreates: false,
        patchable: true,
        partnerPatches: false
      })
    })

    await t.test('surveyResponse', async (t) => {
      const shared = await createSurvey(op, { name: 'Shared', relatedParty: [aPartyRef('partner', PARTNER_A, 'BusinessPartner'), aPartyRef('partner', PARTNER_B, 'BusinessPartner')] })
      await checkPartnerWriteScope(t, app, {
        collection: `${V1}/surveyResponse`,
        body: (relatedParty) => aSurveyResponse(shared, { relatedParty }),
        partnerCreates: true,
        patchable: true,
        partnerPatches: false
      })
    })
  })
}
