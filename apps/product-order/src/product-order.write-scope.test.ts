import t from 'tap'
import { aPartyRef, checkPartnerWriteScope, PARTNER_B, storeKinds } from '@cx/test-kit'
import { anOrder, as, CANCELS, mergePatch, ORDERS, startProductOrders, V4 } from './test-support.ts'

// Issue 8 §4: a partner may add, change or remove only its own partner entry in relatedParty.
for (const kind of storeKinds()) {
  t.test(`TMF622 partner write scope on ${kind}`, async (t) => {
    const app = await startProductOrders(t, kind)

    await t.test('productOrder', async (t) => {
      await checkPartnerWriteScope(t, app, {
        collection: ORDERS,
        v4Collection: `${V4}/productOrder`,
        body: (relatedParty) => anOrder({ relatedParty }),
        v4Body: (relatedParty) => ({ category: 'B2B', relatedParty, productOrderItem: [{ id: '1', action: 'add', quantity: 1, productOffering: { id: 'fibre-1g' } }] }),
        partnerCreates: true,
        patchable: true,
        partnerPatches: true
      })
    })

    await t.test('cancelProductOrder', async (t) => {
      const op = as(app, 'operator')
      // Each cancellation needs an order of its own, in progress, that partner B is a party to.
      const anOrderOfB = async (): Promise<string> => {
        const res = await op({ method: 'POST', url: ORDERS, payload: anOrder({ relatedParty: [aPartyRef('customer', 'cust-001'), aPartyRef('partner', PARTNER_B, 'BusinessPartner')] }) })
        const started = await mergePatch(op, String(res.json().href), { state: 'inProgress' })
        if (started.statusCode !== 200) throw new Error(`setup: ${started.body}`)
        return String(res.json().id)
      }
      await checkPartnerWriteScope(t, app, {
        collection: CANCELS,
        body: async (relatedParty) => ({ '@type': 'CancelProductOrder', productOrder: { id: await anOrderOfB() }, cancellationReason: 'The customer moved house', relatedParty }),
        partnerCreates: true,
        patchable: false,
        partnerPatches: false
      })
    })
  })
}
