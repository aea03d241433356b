import t from 'tap'
import { aPartyRef, storeKinds } from '@cx/test-kit'
import { aCustomer, anAddress, anEmail, anEngagedParty, aPhone, as, MERGE, startCustomers, V5 } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF630 queries on customers on ${kind}`, async (t) => {
    const app = await startCustomers(t, kind)
    const op = as(app, 'operator')
    const seed = [
      { name: 'c1', engagedParty: anEngagedParty('p1'), contactMedium: [anEmail('one@example.org'), aPhone('+441632960101')], creditProfile: [{ '@type': 'CreditProfile', creditScore: 810 }], validFor: { startDateTime: '2021-01-01T00:00:00Z' }, relatedParty: [aPartyRef('partner', 'fibreco', 'BusinessPartner')], status: 'Active' },
      { name: 'c2', engagedParty: anEngagedParty('p2', 'Organization'), contactMedium: [anAddress({ city: 'Leeds' })], creditProfile: [{ '@type': 'CreditProfile', creditScore: 640 }], validFor: { startDateTime: '2022-06-01T12:00:00+02:00' }, characteristic: [{ '@type': 'StringCharacteristic', name: 'segment', value: 'business' }], status: 'Validated' },
      { name: 'c3', engagedParty: anEngagedParty('p3'), contactMedium: [anEmail('three@example.org', { preferred: false })], validFor: { startDateTime: '2023-03-01T00:00:00Z' }, relatedParty: [aPartyRef('partner', 'streamplus', 'BusinessPartner')], status: 'Suspended' },
      { name: 'c4', engagedParty: anEngagedParty('p4'), status: 'Initialized' }
    ]
    const route: Record<string, string[]> = { Initialized: [], Validated: ['Validated'], Active: ['Validated', 'Active'], Suspended: ['Validated', 'Active', 'Suspended'] }
    for (const { status, ...body } of seed) {
      const res = await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer(body) })
      if (res.statusCode !== 201) throw new Error(res.body)
      for (const step of route[status] ?? []) await op({ method: 'PATCH', url: res.json().href, headers: MERGE, payload: { status: step } })
    }
    const names = async (qs: string): Promise<string[]> => {
      const res = await op({ method: 'GET', url: `${V5}/customer?${qs}` })
      t.equal(res.statusCode, 200, qs)
      return (res.json() as Array<{ name: string }>).map((x) => x.name).sort()
    }

    t.test('status, engaged party and partner filters', async (t) => {
      t.same(await names('status=Active,Suspended'), ['c1', 'c3'])
      t.same(await names('status.ne=Initialized&status.ne=Validated'), ['c1', 'c3'])
      t.same(await names('engagedParty.id=p2'), ['c2'])
      t.same(await names('engagedParty.@referredType=Individual'), ['c1', 'c3', 'c4'])
      t.same(await names('relatedParty.partyOrPartyRole.id=fibreco'), ['c1'])
      t.same(await names('statusChangeHistory.status=Suspended'), ['c3'])
    })

    t.test('filters reach into the polymorphic contact media and the credit profiles', async (t) => {
      t.same(await names('contactMedium.emailAddress=three@example.org'), ['c3'])
      t.same(await names('contactMedium.@type=EmailContactMedium'), ['c1', 'c3'])
      t.same(await names('contactMedium.city=Leeds'), ['c2'])
      t.same(await names('contactMedium.preferred=false'), ['c3'])
      t.same(await names('creditProfile.creditScore.gte=700'), ['c1'])
      t.same(await names('characteristic.value=business'), ['c2'])
    })

    t.test('dates compare as dates; fields, sort and paging', async (t) => {
      t.same(await names('validFor.startDateTime.gt=2022-06-01T09:00:00Z'), ['c2', 'c3'], '12:00+02:00 is 10:00Z')
      const res = await op({ method: 'GET', url: `${V5}/customer?fields=name,status&sort=-name&offset=1&limit=2` })
      t.equal(res.headers['x-total-count'], '4')
      t.equal(res.headers['x-result-count'], '2')
      t.same(res.json().map((c: { name: string, status: string }) => [c.name, c.status]), [['c3', 'Suspended'], ['c2', 'Validated']])
      t.same(Object.keys(res.json()[0]).sort(), ['@type', 'href', 'id', 'name', 'status'])
      t.equal((await op({ method: 'GET', url: `${V5}/customer?creditProfile.creditScore.gt=high` })).statusCode, 400)
    })
  })
}
