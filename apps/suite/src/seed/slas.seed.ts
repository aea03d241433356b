import { customerParty, partnerParty, type DemoCustomerId, type DemoPartnerId } from '../demo-parties.ts'
import { relatedEntity, type SeedRefKind, type SeedRefs } from './seed-refs.ts'
import type { Seed, SeedCall } from './seed-runner.ts'

const API = '/tmf-api/slaManagement/v4'

type Doc = Record<string, unknown>

/** The CSP itself: the consumer of every partner SLA (it is not a partner, so it gets no token). */
const CSP: Doc = { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'SLAConsumer', partyOrPartyRole: { '@type': 'PartyRef', id: 'csp', name: 'CX Suite CSP', '@referredType': 'Organization' } }
const provider = (id: DemoPartnerId): Doc => ({ ...partnerParty(id), role: 'SLAProvider' })
// Offering ids as the product-order seed uses them.
const offerings = (...ids: string[]): Doc[] => ids.map((id) => ({ '@type': 'EntityRef', id, '@referredType': 'ProductOffering' }))
const penalty = (value: number): Doc => ({ '@type': 'SlaConsequence', description: `${value} EUR per breach`, penalty: { unit: 'EUR', value } })

interface DemoRule { id: string, metric: string, unit: string, operator: string, referenceValue: number, tolerance?: number, penalty: number, ticketType?: string[], severity?: string[] }
const rule = (r: DemoRule): Doc => ({
  '@type': 'SlaRule',
  id: r.id,
  metric: r.metric,
  unit: r.unit,
  operator: r.operator,
  referenceValue: r.referenceValue,
  ...(r.tolerance === undefined ? {} : { tolerance: r.tolerance }),
  consequence: penalty(r.penalty),
  ...(r.ticketType === undefined && r.severity === undefined ? {} : { appliesTo: { ticketType: r.ticketType, severity: r.severity } })
})

interface DemoSla { key: string, name: string, version: string, description: string, partner: DemoPartnerId, endUser?: DemoCustomerId, offerings: string[], rules: DemoRule[], path: string[], lastYear?: boolean }

// One SLA per partner relationship (plus FibreCo's gold SLA for Contoso Ltd), in force this year.
const SLAS: DemoSla[] = [
  {
    key: 'fibreco',
    name: 'FibreCo wholesale access SLA',
    version: '2.0',
    partner: 'fibreco',
    description: 'Fibre access, repair and activation times for residential lines',
    offerings: ['fibre-1g', 'voice-line', 'static-ip'],
    rules: [
      { id: 'tta-critical', metric: 'timeToAcknowledge', unit: 'minutes', operator: '.le', referenceValue: 30, penalty: 100, ticketType: ['Incident'], severity: ['Critical'] },
      { id: 'ttr-critical', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 8, tolerance: 0.5, penalty: 500, ticketType: ['Incident'], severity: ['Critical'] },
      { id: 'ttr-major', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 24, tolerance: 1, penalty: 200, ticketType: ['Incident'], severity: ['Major'] },
      { id: 'o2a', metric: 'orderToActivation', unit: 'days', operator: '.le', referenceValue: 10, penalty: 150 },
      { id: 'availability', metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.9, tolerance: 0.05, penalty: 1000 }
    ],
    path: ['approved', 'active']
  },
  {
    key: 'gold',
    name: 'FibreCo business gold SLA — Contoso Ltd',
    version: '1.0',
    partner: 'fibreco',
    description: 'Back-to-back SLA for Contoso Ltd\'s head office on business fibre',
    endUser: 'cust-005',
    offerings: ['business-fibre-10g'],
    rules: [
      { id: 'tta-critical', metric: 'timeToAcknowledge', unit: 'minutes', operator: '.le', referenceValue: 15, penalty: 250, severity: ['Critical'] },
      { id: 'ttr-critical', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 4, penalty: 750, severity: ['Critical'] },
      { id: 'o2a', metric: 'orderToActivation', unit: 'days', operator: '.le', referenceValue: 30, penalty: 2000 },
      { id: 'availability', metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.95, penalty: 2500 }
    ],
    path: ['approved', 'active']
  },
  {
    key: 'fixit',
    name: 'FixIt field-service SLA',
    version: '1.3',
    partner: 'fixit',
    description: 'Installation visits and on-site repairs',
    offerings: ['home-install', 'onsite-install', 'site-survey'],
    rules: [
      { id: 'ttr-field', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 48, penalty: 150, ticketType: ['Incident', 'Complaint'] },
      { id: 'o2a-install', metric: 'orderToActivation', unit: 'days', operator: '.le', referenceValue: 5, penalty: 100 }
    ],
    path: ['approved', 'active']
  },
  {
    key: 'streamplus',
    name: 'StreamPlus content delivery SLA',
    version: '1.0',
    partner: 'streamplus',
    description: 'Availability of the TV packs and handling of viewing complaints',
    offerings: ['sports-hd', 'movies-pack', 'kids-pack', 'streaming-box'],
    rules: [
      { id: 'availability', metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.5, tolerance: 0.1, penalty: 300 },
      { id: 'ttr-complaint', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 72, penalty: 50, ticketType: ['Complaint'] }
    ],
    path: ['approved', 'active']
  },
  {
    key: 'fibreco-old',
    name: 'FibreCo wholesale access SLA',
    version: '1.0',
    partner: 'fibreco',
    description: 'Last year\'s terms, replaced by version 2.0',
    lastYear: true,
    offerings: ['fibre-1g', 'voice-line'],
    rules: [
      { id: 'ttr-critical', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 12, penalty: 300, ticketType: ['Incident'], severity: ['Critical'] },
      { id: 'availability', metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.5, penalty: 500 }
    ],
    path: ['approved', 'active', 'expired']
  },
  {
    key: 'streamplus-4k',
    name: 'StreamPlus 4K UHD add-on SLA',
    version: '0.1',
    partner: 'streamplus',
    description: 'Under negotiation for the 4K launch',
    offerings: ['sports-hd'],
    rules: [{ id: 'availability', metric: 'availability', unit: 'percent', operator: '.ge', referenceValue: 99.8, penalty: 400 }],
    path: []
  }
]

/**
 * A breach as the operator records it, then how the responsible partner (or the operator)
 * responds. `on` is the ticket or order it was measured on, by its story key.
 */
interface DemoViolation {
  sla: string
  rule: string
  actualValue: number
  customer: DemoCustomerId
  on: { kind: Extract<SeedRefKind, 'troubleTicket' | 'productOrder'>, key: string }
  description: string
  offering?: string
  steps: Array<{ state: string, reason?: string, by?: 'partner' | 'operator' }>
}

const ticket = (key: string): DemoViolation['on'] => ({ kind: 'troubleTicket', key })
const order = (key: string): DemoViolation['on'] => ({ kind: 'productOrder', key })
const REFERRED = { troubleTicket: 'TroubleTicket', productOrder: 'ProductOrder' } as const

// The breaches behind the ticket and order stories (same customers, same partners).
const VIOLATIONS: DemoViolation[] = [
  { sla: 'fibreco', rule: 'ttr-critical', actualValue: 31, customer: 'cust-001', on: ticket('ticket-ada-fibre-outage'), description: 'Ticket "Fibre link down after street works" resolved after 31 h', steps: [{ state: 'acknowledged' }, { state: 'accepted' }, { state: 'settled', by: 'operator', reason: 'Penalty deducted from the monthly wholesale invoice' }] },
  { sla: 'fibreco', rule: 'ttr-major', actualValue: 36, customer: 'cust-002', on: ticket('ticket-grace-evening-drops'), description: 'Ticket "Broadband drops every evening" unresolved after 36 h', steps: [{ state: 'acknowledged' }] },
  { sla: 'gold', rule: 'tta-critical', actualValue: 42, customer: 'cust-005', on: ticket('ticket-contoso-site-offline'), description: 'Ticket "Office site offline, SLA gold" acknowledged after 42 min', steps: [] },
  { sla: 'gold', rule: 'o2a', actualValue: 34, customer: 'cust-005', on: order('order-contoso-business-fibre'), offering: 'business-fibre-10g', description: 'Order "Business fibre 10 Gbps for the head office" not active after 34 days', steps: [{ state: 'acknowledged' }, { state: 'disputed', reason: 'Civil works permit delayed by the city: force majeure' }] },
  { sla: 'fixit', rule: 'o2a-install', actualValue: 8, customer: 'cust-003', on: order('order-northwind-onsite-install'), offering: 'onsite-install', description: 'Order "On-site installation at the new office" completed after 8 days', steps: [{ state: 'acknowledged' }, { state: 'accepted' }] },
  { sla: 'fixit', rule: 'ttr-field', actualValue: 60, customer: 'cust-003', on: ticket('ticket-northwind-missed-visit'), description: 'Ticket "Technician missed the installation appointment" resolved after 60 h', steps: [{ state: 'acknowledged' }, { state: 'disputed', reason: 'Nobody was on site at the agreed time' }] },
  { sla: 'streamplus', rule: 'availability', actualValue: 99.1, customer: 'cust-004', on: order('order-alan-sports-hd'), offering: 'sports-hd', description: 'Sports HD availability 99.1 % last month (buffering complaints)', steps: [{ state: 'acknowledged' }, { state: 'accepted' }, { state: 'settled', by: 'operator' }] }
]

function validity (lastYear: boolean): Doc {
  // Relative to the seeding date, so the demo's violations (dated now) fall within the current SLAs.
  const year = new Date().getUTCFullYear() - (lastYear ? 1 : 0)
  return { startDateTime: `${year}-01-01T00:00:00Z`, endDateTime: `${year}-12-31T23:59:59Z` }
}

async function createSlas (call: SeedCall, refs: SeedRefs): Promise<Map<string, Doc>> {
  const created = new Map<string, Doc>()
  for (const s of SLAS) {
    let sla = await call('POST', `${API}/sla`, {
      '@type': 'Sla',
      name: s.name,
      version: s.version,
      description: s.description,
      validFor: validity(s.lastYear === true),
      relatedParty: [provider(s.partner), CSP, ...(s.endUser === undefined ? [] : [customerParty(await refs.resolve('customer', s.endUser), 'EndUser')])],
      appliesTo: { '@type': 'SlaAppliesTo', productOffering: offerings(...s.offerings) },
      rule: s.rules.map(rule)
    })
    for (const state of s.path) sla = await call('PATCH', String(sla.href), { state })
    created.set(s.key, sla)
  }
  return created
}

/**
 * The partner SLAs and the breaches of the ticket and order story: each breach names its customer
 * (the TMF629 customer) and links the ticket or order it was measured on (role breachedBy).
 */
export const slaSeed: Seed = {
  id: 'slas-001',
  async run (call, refs) {
    const slas = await createSlas(call, refs)
    for (const v of VIOLATIONS) {
      const sla = slas.get(v.sla) as Doc
      const partner = SLAS.find((s) => s.key === v.sla)?.partner as DemoPartnerId
      // Detection is manual for now: the operator records the breach; the partner is copied from the SLA.
      const violation = await call('POST', `${API}/slaViolation`, {
        '@type': 'SlaViolation',
        sla: { id: sla.id },
        rule: { id: v.rule },
        actualValue: v.actualValue,
        description: v.description,
        relatedParty: [customerParty(await refs.resolve('customer', v.customer))],
        relatedEntity: [
          relatedEntity('breachedBy', await refs.resolve(v.on.kind, v.on.key), REFERRED[v.on.kind]),
          ...(v.offering === undefined ? [] : [{ '@type': 'RelatedEntity', role: 'affectedOffering', entity: offerings(v.offering)[0] }])
        ]
      })
      for (const step of v.steps) {
        await call('PATCH', String(violation.href), { state: step.state, ...(step.reason === undefined ? {} : { stateChangeReason: step.reason }) }, step.by === 'operator' ? 'operator' : partner)
      }
    }
  }
}
