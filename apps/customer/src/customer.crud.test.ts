import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { aCustomer, aFullCustomer, anAddress, anEmail, anEngagedParty, aPhone, as, MERGE, startCustomers, V4, V5 } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF629 create, read, patch, delete on ${kind}`, async (t) => {
    const app = await startCustomers(t, kind)
    const op = as(app, 'operator')
    const post = async (payload: Record<string, unknown>) => await op({ method: 'POST', url: `${V5}/customer`, payload })

    t.test('POST creates with server-assigned id, href, dates, Location, ETag and status Initialized', async (t) => {
      const res = await post(aFullCustomer({ id: 'client-id' }))
      t.equal(res.statusCode, 201)
      const body = res.json()
      t.not(body.id, 'client-id', 'the server assigns the id')
      t.equal(body.href, `${V5}/customer/${body.id}`)
      t.equal(res.headers.location, body.href)
      t.equal(res.headers.etag, '"1"')
      t.equal(body.status, 'Initialized')
      t.same(body.statusChangeHistory.map((h: { status: string, '@type': string }) => [h.status, h['@type']]), [['Initialized', 'CustomerStatusChange']])
      t.match(body.creationDate, /^\d{4}-\d\d-\d\dT.*Z$/)
      t.equal(body.lastUpdate, body.creationDate)
      t.same(body.engagedParty, anEngagedParty())
      t.same(body.contactMedium.map((c: { '@type': string }) => c['@type']), ['EmailContactMedium', 'PhoneContactMedium', 'GeographicAddressContactMedium'])
      t.equal(body.contactMedium[2].validFor.startDateTime, '2023-12-31T23:00:00.000Z', 'dates inside contact media are normalised to UTC')
      t.equal(body.creditProfile[0].creditScore, 720)
      t.equal(body.account[0].id, 'acc-1')
      t.equal(body.agreement[0].id, 'agr-1')
      t.equal(body.paymentMethod[0].id, 'pm-1')
      t.same(body.characteristic.map((c: { name: string }) => c.name), ['segment', 'lines'])
      t.equal(body.validFor.startDateTime, '2024-01-01T00:00:00.000Z')
      const stored = await app.db.query<{ doc: { name: string, engagedParty: { id: string } } }>('SELECT doc FROM customer WHERE id = $1', [body.id])
      t.equal(stored.rows[0]?.doc.engagedParty.id, 'party-001', 'the document is in the database')
      const got = await op({ method: 'GET', url: body.href })
      t.equal(got.statusCode, 200)
      t.same(got.json(), body)
      t.equal(got.headers.etag, '"1"')
    })

    t.test('name, engagedParty and @type are required; engagedParty is an Individual or Organization PartyRef', async (t) => {
      for (const missing of ['name', 'engagedParty', '@type']) {
        const payload = aCustomer()
        delete payload[missing]
        const res = await post(payload)
        t.equal(res.statusCode, 400, `${missing} missing`)
        const err = res.json()
        t.equal(err['@type'], 'Error')
        t.equal(err.status, '400')
        t.match(err.message, missing)
      }
      for (const missing of ['id', '@referredType', '@type']) {
        const engagedParty = anEngagedParty()
        delete engagedParty[missing]
        const res = await post(aCustomer({ engagedParty }))
        t.equal(res.statusCode, 400, `engagedParty.${missing} missing`)
        t.match(res.json().message, missing)
      }
      const partner = await post(aCustomer({ engagedParty: { '@type': 'PartyRef', id: 'fibreco', '@referredType': 'BusinessPartner' } }))
      t.equal(partner.statusCode, 400, 'a business partner is not a customer')
      t.match(partner.json().message, 'engagedParty/@referredType')
      const organization = await post(aCustomer({ name: 'Northwind Traders', engagedParty: anEngagedParty('org-1', 'Organization') }))
      t.equal(organization.statusCode, 201)
      t.equal((await post(aCustomer({ name: '' }))).statusCode, 400, 'an empty name')
      t.equal((await post(aCustomer({ '@type': 'TroubleTicket' }))).statusCode, 400, 'another class')
    })

    t.test('contact media are polymorphic by @type and each kind is checked on its own terms', async (t) => {
      const all = await post(aCustomer({
        contactMedium: [anEmail(), aPhone(), anAddress(), { '@type': 'FaxContactMedium', faxNumber: '+441632960999' }, { '@type': 'SocialContactMedium', socialNetworkId: '@ada' }]
      }))
      t.equal(all.statusCode, 201)
      t.same(all.json().contactMedium.map((c: { '@type': string }) => c['@type']), ['EmailContactMedium', 'PhoneContactMedium', 'GeographicAddressContactMedium', 'FaxContactMedium', 'SocialContactMedium'])
      const refused: Array<[string, Record<string, unknown>, string]> = [
        ['a phone without number', { '@type': 'PhoneContactMedium', contactType: 'mobile' }, "contactMedium/0 must have required property 'phoneNumber'"],
        ['a malformed email address', anEmail('not-an-address'), 'contactMedium/0/emailAddress must match format "email"'],
        ['an address without city', anAddress({ city: undefined }), "contactMedium/0 must have required property 'city'"],
        ['an unknown kind of medium', { '@type': 'PigeonContactMedium', loft: 'Bath' }, 'contactMedium/0 value of tag "@type"'],
        ['the abstract base class', { '@type': 'ContactMedium', emailAddress: 'ada@example.org' }, 'contactMedium/0 value of tag "@type"'],
        ['no @type at all', { emailAddress: 'ada@example.org' }, 'contactMedium/0'],
        ['preferred as text', anEmail('ada@example.org', { preferred: 'yes' }), 'contactMedium/0/preferred must be boolean']
      ]
      for (const [what, medium, message] of refused) {
        const res = await post(aCustomer({ contactMedium: [JSON.parse(JSON.stringify(medium))] }))
        t.equal(res.statusCode, 400, what)
        t.match(res.json().message, message, what)
      }
    })

    t.test('credit profiles, characteristics and references are type-checked', async (t) => {
      const score = await post(aCustomer({ creditProfile: [{ '@type': 'CreditProfile', creditScore: 'high' }] }))
      t.equal(score.statusCode, 400)
      t.match(score.json().message, 'creditProfile/0/creditScore')
      const date = await post(aCustomer({ creditProfile: [{ '@type': 'CreditProfile', creditProfileDate: 'last week' }] }))
      t.equal(date.statusCode, 400)
      const unnamed = await post(aCustomer({ characteristic: [{ '@type': 'StringCharacteristic', value: 'x' }] }))
      t.equal(unnamed.statusCode, 400)
      t.match(unnamed.json().message, 'name')
      const account = await post(aCustomer({ account: [{ '@type': 'AccountRef', name: 'no id' }] }))
      t.equal(account.statusCode, 400)
      t.match(account.json().message, 'account/0')
      const validFor = await post(aCustomer({ validFor: { startDateTime: 'soon' } }))
      t.equal(validFor.statusCode, 400)
    })

    t.test('a subclass @type with @baseType Customer is accepted with its extension attributes', async (t) => {
      const res = await post(aCustomer({ '@type': 'VipCustomer', '@baseType': 'Customer', '@schemaLocation': 'https://example.org/VipCustomer.json', loyaltyTier: 'gold' }))
      t.equal(res.statusCode, 201)
      const got = (await op({ method: 'GET', url: res.json().href })).json()
      t.same([got['@type'], got['@baseType'], got.loyaltyTier], ['VipCustomer', 'Customer', 'gold'])
    })

    t.test('GET of an unknown id is a 404 TMF Error', async (t) => {
      const res = await op({ method: 'GET', url: `${V5}/customer/nope` })
      t.equal(res.statusCode, 404)
      t.same(res.json(), { '@type': 'Error', code: 'ERR404', reason: 'Not Found', message: 'Customer nope not found', status: '404' })
      t.equal((await op({ method: 'GET', url: `${V4}/customer/nope` })).statusCode, 404)
    })

    t.test('PATCH with merge-patch, json-patch and json-patch-query', async (t) => {
      const created = (await post(aCustomer({ contactMedium: [anEmail(), aPhone()] }))).json()
      const url = created.href
      const merge = await op({ method: 'PATCH', url, headers: MERGE, payload: { description: 'Moved to fibre', creditProfile: [{ '@type': 'CreditProfile', creditScore: 700, creditRiskRating: 3 }] } })
      t.equal(merge.statusCode, 200)
      t.equal(merge.json().description, 'Moved to fibre')
      t.equal(merge.json().creditProfile[0].creditScore, 700)
      t.equal(merge.headers.etag, '"2"')
      const jsonPatch = await op({ method: 'PATCH', url, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'add', path: '/contactMedium/-', value: anAddress() }, { op: 'replace', path: '/contactMedium/0/emailAddress', value: 'ada@newmail.org' }] })
      t.equal(jsonPatch.statusCode, 200)
      t.same(jsonPatch.json().contactMedium.map((c: { '@type': string }) => c['@type']), ['EmailContactMedium', 'PhoneContactMedium', 'GeographicAddressContactMedium'])
      t.equal(jsonPatch.json().contactMedium[0].emailAddress, 'ada@newmail.org')
      const query = await op({ method: 'PATCH', url, headers: { 'content-type': 'application/json-patch-query+json' }, payload: [{ op: 'replace', path: '/contactMedium?contactType=mobile/phoneNumber', value: '+441632960002' }] })
      t.equal(query.statusCode, 200)
      t.equal(query.json().contactMedium[1].phoneNumber, '+441632960002')
      t.ok(query.json().lastUpdate >= created.lastUpdate)
      const stored = await app.db.query<{ version: number }>('SELECT version FROM customer WHERE id = $1', [created.id])
      t.equal(stored.rows[0]?.version, 4, 'each PATCH is one new version')
    })

    t.test('PATCH refusals: removing required attributes, invalid media, non-patchable attributes, stale ETag', async (t) => {
      const { href } = (await post(aCustomer({ contactMedium: [anEmail()] }))).json()
      for (const field of ['name', 'engagedParty']) {
        const res = await op({ method: 'PATCH', url: href, headers: MERGE, payload: { [field]: null } })
        t.equal(res.statusCode, 400, `${field} cannot be removed`)
        t.match(res.json().message, field)
      }
      const phone = await op({ method: 'PATCH', url: href, headers: MERGE, payload: { contactMedium: [{ '@type': 'PhoneContactMedium' }] } })
      t.equal(phone.statusCode, 400)
      t.match(phone.json().message, 'contactMedium.0.phoneNumber is required', 'the error names the attribute of the medium @type chose')
      // Valid values, so nothing but the not-patchable rule can refuse them.
      const valid: Record<string, unknown> = {
        id: 'another-id',
        href: `${V5}/customer/another-id`,
        creationDate: '2020-01-01T00:00:00Z',
        lastUpdate: '2020-01-01T00:00:00Z',
        statusChangeHistory: [{ '@type': 'StatusChange', status: 'Initialized', statusChangeDate: '2020-01-01T00:00:00Z' }],
        '@type': 'Individual'
      }
      for (const [field, value] of Object.entries(valid)) {
        const res = await op({ method: 'PATCH', url: href, headers: MERGE, payload: { [field]: value } })
        t.equal(res.statusCode, 400, `${field} is not patchable`)
        t.equal(res.json().code, 'ERR400-NOT-PATCHABLE', `${field}: refused by the not-patchable rule`)
      }
      const stale = await op({ method: 'PATCH', url: href, headers: { ...MERGE, 'if-match': '"0"' }, payload: { description: 'late' } })
      t.equal(stale.statusCode, 412)
      const got = (await op({ method: 'GET', url: href })).json()
      t.same([got.name, got.contactMedium[0]['@type'], got.description], ['Ada Lovelace', 'EmailContactMedium', undefined], 'nothing of a refused patch is applied')
    })

    t.test('DELETE is for operators: 204 and the customer is gone', async (t) => {
      const { href, id } = (await as(app, 'fibreco')({ method: 'POST', url: `${V5}/customer`, payload: aCustomer() })).json()
      t.equal((await as(app, 'fibreco')({ method: 'DELETE', url: href })).statusCode, 403)
      t.equal((await op({ method: 'DELETE', url: href })).statusCode, 204)
      t.equal((await op({ method: 'GET', url: href })).statusCode, 404)
      t.equal((await app.db.query('SELECT 1 FROM customer WHERE id = $1', [id])).rows.length, 0)
      t.equal((await op({ method: 'DELETE', url: href })).statusCode, 404)
    })

    t.test('each version documents its own schemas in OpenAPI', async (t) => {
      const v5 = (await app.inject({ method: 'GET', url: `${V5}/openapi.json` })).json()
      const schemas = v5.components.schemas
      t.same(schemas.ContactMedium.discriminator, { propertyName: '@type' })
      t.equal(schemas.ContactMedium.oneOf.length, 5)
      t.ok(schemas.EmailContactMedium && schemas.Customer_FVO && schemas.Customer_MVO && schemas.CustomerStatusChange)
      t.same(v5.servers[0], { url: V5, description: 'This API root on the server that serves this document' }, 'paths are relative to the API root')
      t.ok(v5.paths['/customer/{id}'].patch)
      t.ok(v5.paths['/hub'].post)
      const v4 = (await app.inject({ method: 'GET', url: `${V4}/openapi.json` })).json()
      t.ok(v4.components.schemas.Customer_Create)
      t.same(v4.components.schemas.Customer_Create.required.sort(), ['engagedParty', 'name'])
    })
  })
}
