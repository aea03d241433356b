import t from 'tap'
import { checkPartnerWriteScope, storeKinds } from '@cx/test-kit'
import { aCustomer, startCustomers, V4, V5 } from './test-support.ts'

// Issue 8 §4: a partner may add, change or remove only its own partner entry in relatedParty.
for (const kind of storeKinds()) {
  t.test(`TMF629 partner write scope on ${kind}`, async (t) => {
    const app = await startCustomers(t, kind)
    await checkPartnerWriteScope(t, app, {
      collection: `${V5}/customer`,
      v4Collection: `${V4}/customer`,
      body: (relatedParty) => aCustomer({ relatedParty }),
      v4Body: (relatedParty) => ({ name: 'Grace Hopper', engagedParty: { id: 'party-002', '@referredType': 'Individual' }, relatedParty }),
      partnerCreates: true,
      patchable: true,
      partnerPatches: true
    })
  })
}
