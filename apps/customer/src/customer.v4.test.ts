import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { aFullCustomer, as, MERGE, startCustomers, V4, V5 } from './test-support.ts'

const aV4Customer = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Grace Hopper',
  engagedParty: { id: 'party-002', name: 'Grace Hopper', '@referredType': 'Individual' },
  contactMedium: [
    { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'grace@example.org', contactType: 'work' } },
    { mediumType: 'telephoneNumber', characteristic: { phoneNumber: '+15555550100' }, validFor: { startDateTime: '2024-05-01T10:00:00+02:00' } },
    { mediumType: 'postalAddress', characteristic: { street1: '1 Navy Yard', city: 'Arlington', postCode: '22202', country: 'US' } }
  ],
  account: [{ id: 'acc-7', name: 'Grace billing', '@referredType': 'BillingAccount' }],
  creditProfile: [{ creditProfileDate: '2024-05-01T10:00:00Z', creditScore: 810, validFor: { startDateTime: '2024-05-01T10:00:00Z' } }],
  characteristic: [{ name: 'segment', value: 'residential' }],
  relatedParty: [{ id: 'fibreco', role: 'partner', '@referredType': 'BusinessPartner' }],
  ...overrides
})

for (const kind of storeKinds()) {
  t.test(`TMF629 v4 and v5 share one stored customer on ${kind}`, async (t) => {
    const app = await startCustomers(t, kind)
    const op = as(app, 'operator')

    t.test('a v4 create (flat engagedParty, mediumType + characteristic) is stored as v5 and read back in both shapes', async (t) => {
      const res = await op({ method: 'POST', url: `${V4}/customer`, payload: aV4Customer() })
      t.equal(res.statusCode, 201)
      const v4 = res.json()
      t.equal(v4.href, `${V4}/customer/${v4.id}`)
      t.equal(res.headers.location, v4.href)
      t.same(v4.engagedParty, { id: 'party-002', name: 'Grace Hopper', '@referredType': 'Individual' })
      t.same(v4.contactMedium.map((c: { mediumType: string }) => c.mediumType), ['email', 'phone', 'postalAddress'])
      t.same(v4.contactMedium[0].characteristic, { emailAddress: 'grace@example.org', contactType: 'work' })
      t.same(v4.account[0], { id: 'acc-7', name: 'Grace billing', '@referredType': 'BillingAccount' })
      t.same(v4.relatedParty[0], { id: 'fibreco', role: 'partner', '@referredType': 'BusinessPartner' })
      t.equal(v4.status, 'Initialized')

      const v5 = (await op({ method: 'GET', url: `${V5}/customer/${v4.id}` })).json()
      t.equal(v5['@type'], 'Customer')
      t.same(v5.engagedParty, { '@type': 'PartyRef', id: 'party-002', name: 'Grace Hopper', '@referredType': 'Individual' })
      t.same(v5.contactMedium[0], { '@type': 'EmailContactMedium', preferred: true, emailAddress: 'grace@example.org', contactType: 'work' })
      t.same(v5.contactMedium[1], { '@type': 'PhoneContactMedium', phoneNumber: '+15555550100', validFor: { startDateTime: '2024-05-01T08:00:00.000Z' } })
      t.same(v5.contactMedium[2], { '@type': 'GeographicAddressContactMedium', street1: '1 Navy Yard', city: 'Arlington', postCode: '22202', country: 'US' })
      t.equal(v5.account[0]['@type'], 'AccountRef')
      t.equal(v5.creditProfile[0]['@type'], 'CreditProfile')
      t.same(v5.relatedParty[0], { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'partner', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'fibreco', '@referredType': 'BusinessPartner' } })
      t.notOk('mediumType' in v5.contactMedium[0])
    })

    t.test('a v5 customer reads as v4, and a v4 PATCH that changes nothing leaves it untouched', async (t) => {
      const created = (await op({ method: 'POST', url: `${V5}/customer`, payload: aFullCustomer() })).json()
      const v4 = (await op({ method: 'GET', url: `${V4}/customer/${created.id}` })).json()
      t.same(v4.engagedParty, { id: 'party-001', '@referredType': 'Individual' })
      t.same(v4.contactMedium[1], { mediumType: 'phone', characteristic: { contactType: 'mobile', phoneNumber: '+441632960001' } })
      t.equal(v4.contactMedium[2].validFor.startDateTime, '2023-12-31T23:00:00.000Z')
      t.notOk('@type' in v4.account[0], 'v4 references carry no default @type')
      const same = await op({ method: 'PATCH', url: `${V4}/customer/${created.id}`, headers: MERGE, payload: { contactMedium: v4.contactMedium, engagedParty: v4.engagedParty, account: v4.account } })
      t.equal(same.statusCode, 200)
      t.equal(same.headers.etag, '"1"', 'the v4 ⇄ v5 round trip is lossless')
    })

    t.test('a v4 PATCH (merge and json-patch on the characteristic) updates the v5 document', async (t) => {
      const { id } = (await op({ method: 'POST', url: `${V4}/customer`, payload: aV4Customer() })).json()
      const merge = await op({ method: 'PATCH', url: `${V4}/customer/${id}`, headers: MERGE, payload: { status: 'Validated', contactMedium: [{ mediumType: 'fax', characteristic: { faxNumber: '+15555550199' } }] } })
      t.equal(merge.statusCode, 200)
      t.same(merge.json().contactMedium, [{ mediumType: 'fax', characteristic: { faxNumber: '+15555550199' } }])
      const jp = await op({ method: 'PATCH', url: `${V4}/customer/${id}`, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'replace', path: '/contactMedium/0/characteristic/faxNumber', value: '+15555550198' }, { op: 'replace', path: '/engagedParty/name', value: 'Rear Admiral Hopper' }] })
      t.equal(jp.statusCode, 200)
      const v5 = (await op({ method: 'GET', url: `${V5}/customer/${id}` })).json()
      t.same(v5.contactMedium, [{ '@type': 'FaxContactMedium', faxNumber: '+15555550198' }])
      t.same(v5.engagedParty, { '@type': 'PartyRef', id: 'party-002', name: 'Rear Admiral Hopper', '@referredType': 'Individual' })
      t.equal(v5.status, 'Validated')
    })

    t.test('v4 requires name and engagedParty {id, @referredType}; media are checked after translation', async (t) => {
      const post = async (payload: Record<string, unknown>) => await op({ method: 'POST', url: `${V4}/customer`, payload })
      const noParty = await post(aV4Customer({ engagedParty: undefined }))
      t.equal(noParty.statusCode, 400)
      t.match(noParty.json().message, 'engagedParty')
      const noReferredType = await post(aV4Customer({ engagedParty: { id: 'p' } }))
      t.equal(noReferredType.statusCode, 400)
      t.match(noReferredType.json().message, '@referredType')
      const noName = await post(aV4Customer({ name: undefined }))
      t.equal(noName.statusCode, 400)
      t.match(noName.json().message, 'name')
      const unknownMedium = await post(aV4Customer({ contactMedium: [{ mediumType: 'carrierPigeon', characteristic: { loft: 'Bath' } }] }))
      t.equal(unknownMedium.statusCode, 400)
      t.match(unknownMedium.json().message, 'contactMedium')
      const noAddress = await post(aV4Customer({ contactMedium: [{ mediumType: 'email', characteristic: { contactType: 'work' } }] }))
      t.equal(noAddress.statusCode, 400)
      t.match(noAddress.json().message, 'emailAddress')
    })

    t.test('v4 filters on flat and characteristic paths map onto the v5 document', async (t) => {
      const names = async (qs: string): Promise<string[]> => {
        const res = await op({ method: 'GET', url: `${V4}/customer?${qs}` })
        t.equal(res.statusCode, 200, qs)
        return (res.json() as Array<{ name: string }>).map((c) => c.name).sort()
      }
      await op({ method: 'POST', url: `${V4}/customer`, payload: aV4Customer({ name: 'Filter Me', engagedParty: { id: 'party-filter', '@referredType': 'Organization' }, contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'filter@example.org' } }] }) })
      t.same(await names('contactMedium.characteristic.emailAddress=filter@example.org'), ['Filter Me'])
      t.same(await names('engagedParty.id=party-filter'), ['Filter Me'])
      t.same(await names('engagedParty.@referredType=Organization'), ['Filter Me'])
      t.ok((await names('relatedParty.id=fibreco')).includes('Grace Hopper'))
    })
  })
}
