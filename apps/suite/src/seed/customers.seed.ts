import { customerEngagedParty, DEMO_CUSTOMERS, partnerParty, type DemoCustomerId, type DemoPartnerId } from '../demo-parties.ts'
import { onlyOne } from './seed-refs.ts'
import type { Seed } from './seed-runner.ts'

const CUSTOMERS = '/tmf-api/customerManagement/v5/customer'

interface StatusStep { status: string, statusReason?: string }

interface DemoCustomer {
  id: DemoCustomerId
  /** The partners serving this customer: the same ones its tickets and orders name. */
  partners: DemoPartnerId[]
  /** Who signed the customer up: the CSP itself, or a partner selling through its own channel. */
  signedUpBy: 'operator' | DemoPartnerId
  email: string
  phone: string
  address: { street1: string, postCode: string, city: string }
  creditScore: number
  path: StatusStep[]
}

const VALIDATED: StatusStep = { status: 'Validated', statusReason: 'Identity and credit check passed' }
const ACTIVE: StatusStep = { status: 'Active', statusReason: 'First product activated' }

// Phone numbers are from the UK's drama range (01632 960xxx); domains are reserved example ones.
const CUSTOMERS_OF_THE_STORY: DemoCustomer[] = [
  { id: 'cust-001', partners: ['fibreco', 'fixit'], signedUpBy: 'operator', email: 'ada@example.org', phone: '+441632960001', address: { street1: '12 St James\'s Square', postCode: 'SW1Y 4JH', city: 'London' }, creditScore: 790, path: [VALIDATED, ACTIVE] },
  { id: 'cust-002', partners: ['fibreco'], signedUpBy: 'operator', email: 'grace@example.org', phone: '+441632960002', address: { street1: '4 Harbour Row', postCode: 'PL1 2AB', city: 'Plymouth' }, creditScore: 720, path: [VALIDATED, ACTIVE] },
  { id: 'cust-003', partners: ['fixit', 'fibreco'], signedUpBy: 'operator', email: 'it@northwind.example.com', phone: '+441632960003', address: { street1: '1 Commerce Park', postCode: 'LS1 4AP', city: 'Leeds' }, creditScore: 680, path: [VALIDATED, ACTIVE] },
  {
    id: 'cust-004',
    partners: ['streamplus'],
    signedUpBy: 'operator',
    email: 'alan@example.org',
    phone: '+441632960004',
    address: { street1: '7 Bletchley Road', postCode: 'MK3 6EB', city: 'Milton Keynes' },
    creditScore: 610,
    // Barred for an unpaid invoice, then reinstated: the history shows both steps with their reasons.
    path: [VALIDATED, ACTIVE, { status: 'Suspended', statusReason: 'Invoice 2 months overdue' }, { status: 'Active', statusReason: 'Arrears paid' }]
  },
  { id: 'cust-005', partners: ['fibreco'], signedUpBy: 'operator', email: 'noc@contoso.example.com', phone: '+441632960005', address: { street1: '20 Station Approach', postCode: 'M1 3BN', city: 'Manchester' }, creditScore: 830, path: [VALIDATED, ACTIVE] },
  // Signed up through StreamPlus's own shop and still waiting for her streaming box: not Active yet.
  { id: 'cust-006', partners: ['streamplus'], signedUpBy: 'streamplus', email: 'katherine@example.org', phone: '+441632960006', address: { street1: '3 Orbit Close', postCode: 'BS1 5TR', city: 'Bristol' }, creditScore: 760, path: [VALIDATED] }
]

function customerBody (c: DemoCustomer): Record<string, unknown> {
  const cast = DEMO_CUSTOMERS.find((x) => x.id === c.id)
  const business = cast?.segment === 'business'
  return {
    '@type': 'Customer',
    name: cast?.name,
    role: cast?.segment,
    // The story's party id: how later seeds (and an earlier run's lookups) find this customer.
    engagedParty: customerEngagedParty(c.id),
    contactMedium: [
      { '@type': 'EmailContactMedium', preferred: true, contactType: business ? 'work' : 'personal', emailAddress: c.email },
      { '@type': 'PhoneContactMedium', contactType: business ? 'work' : 'mobile', phoneNumber: c.phone },
      { '@type': 'GeographicAddressContactMedium', contactType: business ? 'site' : 'home', ...c.address, country: 'GB' }
    ],
    account: [{ '@type': 'AccountRef', id: `acc-${c.id}`, name: `${cast?.name ?? c.id} billing account`, '@referredType': 'BillingAccount' }],
    creditProfile: [{ '@type': 'CreditProfile', creditProfileDate: '2024-01-15T09:00:00Z', creditScore: c.creditScore, creditRiskRating: c.creditScore >= 700 ? 1 : 2 }],
    characteristic: [{ '@type': 'StringCharacteristic', name: 'segment', value: cast?.segment }],
    relatedParty: c.partners.map((p) => partnerParty(p))
  }
}

/**
 * The six customers. Each is remembered under its story party id ('cust-001'), which is also its
 * engagedParty id, so later seeds link to the created TMF629 customer (id and href).
 */
export const customerSeed: Seed = {
  id: 'customers-001',
  finds: {
    customer: async (list, key) => onlyOne('customer', key, await list(`${CUSTOMERS}?engagedParty.id=${encodeURIComponent(key)}&fields=id,href,name`))
  },
  async run (call, refs) {
    for (const c of CUSTOMERS_OF_THE_STORY) {
      const created = await call('POST', CUSTOMERS, customerBody(c), c.signedUpBy)
      refs.remember('customer', c.id, created)
      // The CSP runs the checks and activations, whoever signed the customer up.
      for (const step of c.path) await call('PATCH', String(created.href), step, 'operator')
    }
  }
}
