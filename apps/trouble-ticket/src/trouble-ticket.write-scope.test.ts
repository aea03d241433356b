import t from 'tap'
import { aTroubleTicket, checkPartnerWriteScope, storeKinds } from '@cx/test-kit'
import { startTroubleTickets, V4, V5 } from './test-support.ts'

// Issue 8 §4: a partner may add, change or remove only its own partner entry in relatedParty.
for (const kind of storeKinds()) {
  t.test(`TMF621 partner write scope on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    await checkPartnerWriteScope(t, app, {
      collection: `${V5}/troubleTicket`,
      v4Collection: `${V4}/troubleTicket`,
      body: (relatedParty) => aTroubleTicket({ relatedParty }),
      v4Body: (relatedParty) => ({ '@type': 'TroubleTicket', description: 'Line down', severity: 'Major', ticketType: 'Incident', relatedParty }),
      partnerCreates: true,
      patchable: true,
      partnerPatches: true
    })
  })
}
