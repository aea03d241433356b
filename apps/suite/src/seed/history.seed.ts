import { customerParty, partnerParty, type DemoPartnerId } from '../demo-parties.ts'
import { refOf, relatedEntity, type SeedRef } from './seed-refs.ts'
import type { DemoClock } from './demo-clock.ts'
import type { Seed, SeedCall } from './seed-runner.ts'

const CUSTOMERS = '/tmf-api/customerManagement/v5/customer'
const TT = '/tmf-api/troubleTicket/v5/troubleTicket'
const PO = '/tmf-api/productOrderingManagement/v5/productOrder'
const SURVEY = '/tmf-api/customerSatisfaction/v1'
const HOUR = 3_600_000
const MONTHS = 6

/**
 * How a partner serves in month `m` (0 = six months ago … 5 = last month): hours to acknowledge
 * and to resolve its tickets (and whether one waits in `pending`), hours to activate its orders
 * (and whether one fails), and the NPS and CSAT answers of its customers that month.
 */
interface Profile {
  ack: (m: number) => number
  resolve: (m: number, i: number) => number
  pending: (m: number, i: number) => boolean
  activate: (m: number, i: number) => number
  fails: (m: number, i: number) => boolean
  nps: (m: number) => number[]
  csat: (m: number) => number[]
}

// fibreco recovers from a bad winter (slow repairs, detractors) to a good spring; fixit is steady
// but misses an installation every other month; streamplus is fast and liked, with one dip.
const PROFILES: Record<DemoPartnerId, Profile> = {
  fibreco: {
    ack: (m) => 6 - m,
    resolve: (m, i) => 60 - 9 * m + 4 * i,
    pending: (m, i) => i === 0 && m < 3,
    activate: (m, i) => 120 - 12 * m + 6 * i,
    fails: (m, i) => i === 1 && m < 2,
    nps: (m) => [[2, 4, 6, 7], [3, 5, 7, 8], [5, 6, 8, 9], [6, 7, 9, 9], [7, 8, 9, 10], [8, 9, 10, 10]][m] ?? [],
    csat: (m) => [[1, 2, 3], [2, 2, 3], [2, 3, 4], [3, 4, 4], [4, 4, 5], [4, 5, 5]][m] ?? []
  },
  fixit: {
    ack: () => 2,
    resolve: (m, i) => 20 + 2 * i + (m % 2) * 6,
    pending: (m, i) => i === 1 && m % 2 === 1,
    activate: (m, i) => 48 + 12 * i,
    fails: (m, i) => i === 0 && m % 2 === 1,
    nps: (m) => m % 2 === 1 ? [3, 6, 8, 9] : [7, 8, 9, 9],
    csat: (m) => m % 2 === 1 ? [2, 3, 4] : [4, 4, 5]
  },
  streamplus: {
    ack: () => 1,
    resolve: (m, i) => (m === 3 ? 30 : 6) + 2 * i,
    pending: () => false,
    activate: (_m, i) => 2 + i,
    fails: () => false,
    nps: (m) => m === 3 ? [5, 7, 9, 10] : [9, 9, 10, 10],
    csat: (m) => m === 3 ? [3, 4, 4] : [4, 5, 5]
  }
}

const OFFERS: Record<DemoPartnerId, { id: string, name: string }> = {
  fibreco: { id: 'fibre-500m', name: 'Fibre 500 Mbps' },
  fixit: { id: 'home-install', name: 'In-home installation visit' },
  streamplus: { id: 'tv-sports-hd', name: 'Sports HD channel pack' }
}

// The history's customers, apart from the story's six (whose 360s the story tells record by record).
const HISTORY_CUSTOMERS = [
  { id: 'hist-001', name: 'Mary Somerville', segment: 'residential' },
  { id: 'hist-002', name: 'Charles Babbage', segment: 'residential' },
  { id: 'hist-003', name: 'Fabrikam Inc', segment: 'business' },
  { id: 'hist-004', name: 'Emmy Noether', segment: 'residential' },
  { id: 'hist-005', name: 'Tailspin Toys', segment: 'business' },
  { id: 'hist-006', name: 'Dorothy Vaughan', segment: 'residential' }
] as const

/** 09:00 UTC on `day` of the month `back` months before `now`'s month. */
const dayOf = (now: Date, back: number, day: number): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, day, 9))

const answers = (a: Record<string, number>): Array<Record<string, unknown>> =>
  Object.entries(a).map(([questionId, value]) => ({ '@type': 'SurveyAnswer', questionId, value }))

/** One partner's month: three tickets, two orders and four survey answers, each dated by the clock. */
async function playMonth (call: SeedCall, customers: SeedRef[], clock: DemoClock, survey: string, partner: DemoPartnerId, m: number, now: Date): Promise<void> {
  const p = PROFILES[partner]
  const back = MONTHS - m
  const customerAt = async (i: number): Promise<ReturnType<typeof customerParty>> => {
    const c = customers[(m * 3 + i + partner.length) % customers.length]
    if (c === undefined) throw new Error('history seed: no customer')
    return customerParty(c)
  }
  const tickets: Array<{ id: string, href: string }> = []
  for (let i = 0; i < 3; i++) {
    await clock.during(dayOf(now, back, 3 + 8 * i), async (advance) => {
      const t = await call('POST', TT, {
        '@type': 'TroubleTicket',
        name: `${partner} incident ${m + 1}.${i + 1}`,
        description: `Service incident ${i + 1} handled by ${partner}`,
        severity: i === 0 ? 'Major' : 'Minor',
        ticketType: 'Incident',
        relatedParty: [await customerAt(i), partnerParty(partner)]
      }, partner)
      const ack = p.ack(m)
      advance(ack * HOUR)
      await call('PATCH', String(t.href), { status: 'inProgress' })
      let waited = 0
      if (p.pending(m, i)) {
        advance(2 * HOUR)
        await call('PATCH', String(t.href), { status: 'pending' })
        advance(10 * HOUR)
        await call('PATCH', String(t.href), { status: 'inProgress' })
        waited = 12
      }
      advance(Math.max(1, p.resolve(m, i) - ack - waited) * HOUR)
      await call('PATCH', String(t.href), { status: 'resolved' })
      advance(24 * HOUR)
      await call('PATCH', String(t.href), { status: 'closed' })
      tickets.push({ id: String(t.id), href: String(t.href) })
    })
  }
  for (let i = 0; i < 2; i++) {
    await clock.during(dayOf(now, back, 5 + 10 * i), async (advance) => {
      const offer = OFFERS[partner]
      const order = await call('POST', PO, {
        '@type': 'ProductOrder',
        category: 'B2C',
        description: `${offer.name} (${m + 1}.${i + 1})`,
        channel: [{ '@type': 'RelatedChannel', role: 'order capture', channel: { '@type': 'ChannelRef', id: 'web-shop' } }],
        relatedParty: [await customerAt(i + 1), partnerParty(partner)],
        productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', action: 'add', quantity: 1, productOffering: { '@type': 'ProductOfferingRef', id: offer.id, name: offer.name } }]
      })
      const items = order.productOrderItem as Array<Record<string, unknown>>
      advance(HOUR)
      await call('PATCH', String(order.href), { productOrderItem: items.map((x) => ({ ...x, state: 'inProgress' })) }, partner)
      advance(Math.max(1, p.activate(m, i) - 1) * HOUR)
      await call('PATCH', String(order.href), { productOrderItem: items.map((x) => ({ ...x, state: p.fails(m, i) ? 'failed' : 'completed' })) }, partner)
    })
  }
  const csat = p.csat(m)
  for (const [i, nps] of p.nps(m).entries()) {
    const ticket = tickets[i % tickets.length]
    await clock.during(dayOf(now, back, 8 + 5 * i), async () => {
      const r = await call('POST', `${SURVEY}/surveyResponse`, {
        '@type': 'SurveyResponse',
        survey: { id: survey, '@referredType': 'Survey' },
        relatedParty: [await customerAt(i), partnerParty(partner)],
        ...(ticket === undefined ? {} : { relatedEntity: [relatedEntity('subject', { id: ticket.id, href: ticket.href }, 'TroubleTicket')] }),
        channel: { '@type': 'ChannelRef', id: 'email', name: 'Email' }
      })
      const c = csat[i]
      await call('PATCH', String(r.href), { status: 'completed', answer: answers({ nps, ...(c === undefined ? {} : { csat: c }) }) })
    })
  }
}

/**
 * Six months of the value network before the story's present, so KPI series and partner
 * scorecards have a history: six more customers (not the story's six, whose 360s tell the story
 * record by record), and every month each demo partner handles three tickets, fulfils two
 * orders and gets four survey answers, written through the API with the suite's clock moved to
 * the day they happened (clients may not set server-owned dates). fibreco recovers from a bad
 * winter, fixit alternates good and bad months, streamplus is fast with one dip.
 */
export const historySeed: Seed = {
  id: 'history-001',
  async run (call, _refs, clock) {
    const now = clock.now()
    const customers: SeedRef[] = []
    await clock.during(dayOf(now, MONTHS + 1, 1), async () => {
      for (const c of HISTORY_CUSTOMERS) {
        const business = c.segment === 'business'
        const created = await call('POST', CUSTOMERS, {
          '@type': 'Customer',
          name: c.name,
          role: c.segment,
          engagedParty: { '@type': 'PartyRef', id: c.id, name: c.name, '@referredType': business ? 'Organization' : 'Individual' },
          contactMedium: [{ '@type': 'EmailContactMedium', preferred: true, contactType: business ? 'work' : 'personal', emailAddress: `${c.id}@example.org` }],
          characteristic: [{ '@type': 'StringCharacteristic', name: 'segment', value: c.segment }],
          relatedParty: (['fibreco', 'fixit', 'streamplus'] as const).map(partnerParty)
        })
        for (const status of ['Validated', 'Active']) await call('PATCH', String(created.href), { status })
        customers.push(refOf(created))
      }
    })
    const survey = await clock.during(dayOf(now, MONTHS, 1), async () => await call('POST', `${SURVEY}/survey`, {
      '@type': 'Survey',
      name: 'Monthly service pulse',
      description: 'Asked after every ticket and installation handled by a partner',
      status: 'active',
      question: [
        { '@type': 'SurveyQuestion', id: 'nps', text: 'How likely are you to recommend us?', metric: 'nps' },
        { '@type': 'SurveyQuestion', id: 'csat', text: 'How satisfied are you with how it was handled?', metric: 'csat' }
      ],
      relatedParty: (['fibreco', 'fixit', 'streamplus'] as const).map(partnerParty)
    }))
    for (let m = 0; m < MONTHS; m++) {
      for (const partner of ['fibreco', 'fixit', 'streamplus'] as const) await playMonth(call, customers, clock, String(survey.id), partner, m, now)
    }
  }
}
