import type { FastifyInstance } from 'fastify'
import { type StoreKind, startApp } from '@cx/test-kit'
import { buildApp } from './app.ts'

export { as, mergePatch, outboxTypes, type Caller } from '@cx/test-kit'

export const V5 = '/tmf-api/customerManagement/v5'
export const V4 = '/tmf-api/customerManagement/v4'

type Body = Record<string, unknown>

/** This app on its own test database, closed at teardown. */
export async function startCustomers (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  return await startApp(t, buildApp, kind, overrides)
}

/** Headers of a merge patch (the test kit's). */
export { MERGE_PATCH as MERGE } from '@cx/test-kit'

export function anEngagedParty (id = 'party-001', referredType: 'Individual' | 'Organization' = 'Individual'): Body {
  return { '@type': 'PartyRef', id, '@referredType': referredType }
}

export function anEmail (emailAddress = 'ada@example.org', overrides: Body = {}): Body {
  return { '@type': 'EmailContactMedium', preferred: true, contactType: 'personal', emailAddress, ...overrides }
}

export function aPhone (phoneNumber = '+441632960001', overrides: Body = {}): Body {
  return { '@type': 'PhoneContactMedium', contactType: 'mobile', phoneNumber, ...overrides }
}

export function anAddress (overrides: Body = {}): Body {
  return { '@type': 'GeographicAddressContactMedium', street1: '12 St James\'s Square', postCode: 'SW1Y 4JH', city: 'London', country: 'GB', ...overrides }
}

/** A valid v5 Customer_FVO; tests state only what matters to them. */
export function aCustomer (overrides: Body = {}): Body {
  return {
    '@type': 'Customer',
    name: 'Ada Lovelace',
    engagedParty: anEngagedParty(),
    ...overrides
  }
}

/** A v5 customer with every optional part the issue lists. */
export function aFullCustomer (overrides: Body = {}): Body {
  return aCustomer({
    description: 'Residential fibre customer',
    role: 'residential',
    contactMedium: [anEmail(), aPhone(), anAddress({ validFor: { startDateTime: '2024-01-01T00:00:00+01:00' } })],
    account: [{ '@type': 'AccountRef', id: 'acc-1', name: 'Ada billing account', '@referredType': 'BillingAccount' }],
    agreement: [{ '@type': 'AgreementRef', id: 'agr-1', name: 'Fibre 1G contract' }],
    paymentMethod: [{ '@type': 'PaymentMethodRef', id: 'pm-1', name: 'Direct debit' }],
    characteristic: [{ '@type': 'StringCharacteristic', name: 'segment', value: 'residential' }, { '@type': 'IntegerCharacteristic', name: 'lines', value: 2 }],
    creditProfile: [{ '@type': 'CreditProfile', creditProfileDate: '2024-01-02T09:00:00Z', creditRiskRating: 2, creditScore: 720, validFor: { startDateTime: '2024-01-02T09:00:00Z' } }],
    validFor: { startDateTime: '2024-01-01T00:00:00Z' },
    ...overrides
  })
}
