import t from 'tap'
import { aPartyRef, checkPartnerWriteScope, PARTNER_A, PARTNER_B, storeKinds } from '@cx/test-kit'
import { anSla, as, aViolation, createSla, SLA, startSla, VIOLATION } from './test-support.ts'

// Issue 8 §4: a partner may add, change or remove only its own partner entry in relatedParty. On
// TMF623 the partner entries are the SLA's providers and consumers; partners write neither SLAs nor
// the parties of a violation, and what they try is refused by the write-scope rule first.
for (const kind of storeKinds()) {
  t.test(`TMF623 partner write scope on ${kind}`, async (t) => {
    const app = await startSla(t, kind)
    const op = as(app, 'operator')

    await t.test('sla', async (t) => {
      await checkPartnerWriteScope(t, app, {
        collection: SLA,
        role: 'SLAProvider',
        body: (relatedParty) => anSla({ relatedParty }),
        partnerCreates: false,
        patchable: true,
        partnerPatches: false
      })
    })

    await t.test('slaViolation', async (t) => {
      // Both partners are providers of the SLA, so a violation may name either as responsible.
      const sla = await createSla(op, anSla({ relatedParty: [aPartyRef('SLAProvider', PARTNER_A, 'BusinessPartner'), aPartyRef('SLAProvider', PARTNER_B, 'BusinessPartner')] }))
      await checkPartnerWriteScope(t, app, {
        collection: VIOLATION,
        role: 'SLAProvider',
        body: (relatedParty) => aViolation(String(sla.id), { relatedParty }),
        partnerCreates: false,
        patchable: true,
        partnerPatches: false
      })
    })
  })
}
