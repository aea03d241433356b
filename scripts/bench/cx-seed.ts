import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { Running, SourceName } from './cx-stack.ts'

/**
 * Bulk load of the cx benchmark base, in the source services' own tables.
 *
 * Every document is a clone of a template the API itself stored (created and moved through its
 * lifecycle over HTTP, so lastUpdate, histories, computed fields, `parties` and `version` are what
 * the service writes), with new ids, the customer and partner swapped, and every server-written
 * timestamp moved to the clone's own time line. Clones are inserted in SQL without outbox rows
 * (nobody is subscribed yet; cx back-fills them through its list-API path).
 */

type Doc = Record<string, unknown>

export interface SeedSizes {
  customers: number
  orders: number
  tickets: number
  responses: number
  partners: number
  /** Days back the orders, tickets and responses are spread over (default 180; bench:kpi uses 365, a year of series). */
  spanDays?: number
  /** Stretch each clone's time line by its own random factor (0.5–5×), so durations differ as real ones do and medians sort real work (bench:kpi). */
  varyDurations?: boolean
}

export interface Seeded {
  customerIds: string[]
  /** Tickets cx may be told about with a PATCH: open (not final) ones, with their status. */
  openTickets: Array<{ id: string, customer: number, status: string }>
  /** Orders still open (acknowledged or inProgress). */
  openOrders: Array<{ id: string, customer: number }>
  partnerIds: string[]
  templateCustomerId: string
  surveyId: string
}

export interface Api {
  call: (source: SourceName, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => Promise<Doc & { id: string }>
}

/** How far one template millisecond stretches on a clone's time line (1 ms → 1 min). */
const STRETCH = 60_000
const DAY = 86_400_000
const TPL_PARTNER = 'bench-template-partner'
const ISO = /"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)"/g

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** A customer's partners: the one its orders are placed through (named on the customer), and the one that services its tickets and surveys. */
export const orderPartnerOf = (c: number, partners: number): number => c % partners
export const servicePartnerOf = (c: number, partners: number): number => (c * 7 + 3) % partners

const ref = (role: string, id: string, referred: string): Doc => ({ '@type': 'RelatedPartyRefOrPartyRoleRef', role, partyOrPartyRole: { '@type': referred === 'BusinessPartner' ? 'PartyRoleRef' : 'PartyRef', id, '@referredType': referred } })

interface Template { table: string, id: string, doc: Doc, parties: string[], version: number, created: number }

async function templates (api: Api, db: pg.Client, schemaOf: (s: SourceName) => string): Promise<{ customer: Template, tickets: Template[], orders: Template[], responses: Template[], surveyId: string }> {
  const merge = async (s: SourceName, path: string, body: Doc): Promise<Doc & { id: string }> => await api.call(s, 'PATCH', path, body)
  const customer = await api.call('customer', 'POST', '/tmf-api/customerManagement/v5/customer', {
    '@type': 'Customer',
    name: 'Bench Template Customer',
    engagedParty: { '@type': 'PartyRef', id: 'bench-template-party', name: 'Bench Template Customer', '@referredType': 'Individual' },
    contactMedium: [{ '@type': 'EmailContactMedium', preferred: true, contactType: 'personal', emailAddress: 'bench-template-party@example.org' }],
    characteristic: [{ '@type': 'StringCharacteristic', name: 'segment', value: 'residential' }],
    relatedParty: [ref('partner', TPL_PARTNER, 'BusinessPartner')]
  })
  const cPath = `/tmf-api/customerManagement/v5/customer/${customer.id}`
  for (const status of ['Validated', 'Active']) { await sleep(20); await merge('customer', cPath, { status }) }
  const parties = [ref('customer', customer.id, 'Customer'), ref('partner', TPL_PARTNER, 'BusinessPartner')]

  // Tickets: open, in progress, resolved, closed (the steps a minute apart per ms of template time).
  const TT = '/tmf-api/troubleTicket/v5/troubleTicket'
  const ticketSteps = [[], ['inProgress'], ['inProgress', 'resolved'], ['inProgress', 'resolved', 'closed']]
  const ticketIds: string[] = []
  for (const [i, steps] of ticketSteps.entries()) {
    const t = await api.call('troubleTicket', 'POST', TT, { '@type': 'TroubleTicket', name: `Bench ticket ${i}`, description: 'No broadband since 08:00', severity: ['Minor', 'Major', 'Critical', 'Major'][i], ticketType: 'Incident', relatedParty: parties })
    for (const status of steps) { await sleep(40); await merge('troubleTicket', `${TT}/${t.id}`, { status }) }
    ticketIds.push(t.id)
  }
  // Orders: acknowledged, in progress, completed.
  const PO = '/tmf-api/productOrderingManagement/v5/productOrder'
  const orderSteps = [[], ['inProgress'], ['inProgress', 'completed']]
  const orderIds: string[] = []
  for (const steps of orderSteps) {
    const o = await api.call('productOrder', 'POST', PO, {
      '@type': 'ProductOrder',
      category: 'B2C',
      description: 'Fibre broadband with Wi-Fi router',
      relatedParty: parties,
      productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', action: 'add', quantity: 1, productOffering: { '@type': 'ProductOfferingRef', id: 'fibre-1g', name: 'Fibre 1 Gbps' } }]
    })
    for (const state of steps) { await sleep(60); await merge('productOrder', `${PO}/${o.id}`, { state }) }
    orderIds.push(o.id)
  }
  // Survey responses: invited, then answered with a promoter, passive and detractor score; one never answered.
  const survey = await api.call('surveyResponse', 'POST', '/tmf-api/customerSatisfaction/v1/survey', {
    '@type': 'Survey',
    name: 'After a repair',
    status: 'active',
    question: [
      { '@type': 'SurveyQuestion', id: 'nps', text: 'Would you recommend us?', metric: 'nps' },
      { '@type': 'SurveyQuestion', id: 'csat', text: 'How satisfied are you?', metric: 'csat' }
    ]
  })
  const SR = '/tmf-api/customerSatisfaction/v1/surveyResponse'
  const answers = [[9, 5], [7, 4], [3, 2], null]
  const responseIds: string[] = []
  for (const a of answers) {
    const r = await api.call('surveyResponse', 'POST', SR, { '@type': 'SurveyResponse', survey: { id: survey.id }, status: 'invited', relatedParty: parties })
    if (a !== null) {
      await sleep(30)
      await merge('surveyResponse', `${SR}/${r.id}`, { status: 'completed', answer: [{ '@type': 'SurveyAnswer', questionId: 'nps', value: a[0] }, { '@type': 'SurveyAnswer', questionId: 'csat', value: a[1] }] })
    }
    responseIds.push(r.id)
  }

  const load = async (source: SourceName, table: string, ids: string[]): Promise<Template[]> => {
    const res = await db.query<{ id: string, doc: Doc, parties: string[], version: number }>(`SELECT id, doc, parties, version FROM ${schemaOf(source)}.${table} WHERE id = ANY($1)`, [ids])
    return ids.map((id) => {
      const row = res.rows.find((r) => r.id === id)
      if (row === undefined) throw new Error(`template ${table}/${id} not stored`)
      return { table, id, doc: row.doc, parties: row.parties, version: row.version, created: Date.parse(String(row.doc.creationDate)) }
    })
  }
  const [c] = await load('customer', 'customer', [customer.id])
  if (c === undefined) throw new Error('template customer missing')
  return {
    customer: c,
    tickets: await load('troubleTicket', 'trouble_ticket', ticketIds),
    orders: await load('productOrder', 'product_order', orderIds),
    responses: await load('surveyResponse', 'survey_response', responseIds),
    surveyId: survey.id
  }
}

/** A clone of a template: new id, customer and partner, and the template's time line moved to `base` (stretched). */
function cloneOf (tpl: Template, id: string, swaps: Array<[string, string]>, base: number, stretch = STRETCH): { id: string, doc: string, parties: string, created: string } {
  let text = JSON.stringify(tpl.doc).replaceAll(tpl.id, id)
  for (const [from, to] of swaps) text = text.replaceAll(from, to)
  // Timestamps the service wrote while the template was made (a few seconds around now); dates
  // a client sent keep their value.
  text = text.replace(ISO, (whole, iso: string) => {
    const t = Date.parse(iso)
    return Math.abs(t - tpl.created) > 60_000 ? whole : `"${new Date(base + (t - tpl.created) * stretch).toISOString()}"`
  })
  let parties = tpl.parties.map((p) => (p === tpl.id ? id : p))
  for (const [from, to] of swaps) parties = parties.map((p) => (p === from ? to : p))
  return { id, doc: text, parties: `{${parties.map((p) => `"${p}"`).join(',')}}`, created: new Date(base).toISOString() }
}

async function insert (db: pg.Client, table: string, rows: Array<{ id: string, doc: string, parties: string, created: string }>, version: number[]): Promise<void> {
  const BATCH = 2000
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH)
    await db.query(
      `INSERT INTO ${table} (id, doc, parties, version, created_at)
       SELECT u.id, u.doc::jsonb, u.parties::text[], u.version, u.created
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[]) AS u(id, doc, parties, version, created)`,
      [part.map((r) => r.id), part.map((r) => r.doc), part.map((r) => r.parties), version.slice(i, i + BATCH), part.map((r) => r.created)])
  }
}

/**
 * Creates the templates over HTTP and loads the clones: `customers` customers, and for random
 * customers `orders` orders, `tickets` tickets and `responses` survey responses, each with the
 * customer's partner, spread over the last `spanDays` (180) days. Returns what the load phases address.
 */
export async function seedCxBase (api: Api, db: pg.Client, sources: readonly Running[], sizes: SeedSizes, log: (s: string) => void): Promise<Seeded> {
  const schemaOf = (s: SourceName): string => sources.find((r) => r.name === s)?.schema ?? ''
  const tpl = await templates(api, db, schemaOf)
  const now = Date.now()
  const partnerIds = Array.from({ length: sizes.partners }, (_, i) => `partner-${String(i).padStart(2, '0')}`)
  const customerIds = Array.from({ length: sizes.customers }, () => randomUUID())
  const partnerOf = (c: number, kind: 'order' | 'service'): string => partnerIds[kind === 'order' ? orderPartnerOf(c, sizes.partners) : servicePartnerOf(c, sizes.partners)] as string
  const randomIn = (fromDaysAgo: number, toDaysAgo: number): number => now - toDaysAgo * DAY - Math.floor(Math.random() * (fromDaysAgo - toDaysAgo) * DAY)

  const customers = customerIds.map((id, c) => cloneOf(tpl.customer, id, [
    [tpl.customer.id, id], [TPL_PARTNER, partnerOf(c, 'order')],
    ['bench-template-party', `party-${c}`], ['Bench Template Customer', `Customer ${c}`]
  ], randomIn(720, 200)))
  await insert(db, `${schemaOf('customer')}.customer`, customers, customers.map(() => tpl.customer.version))
  log(`customers: ${customers.length}`)

  const seeded: Seeded = { customerIds, openTickets: [], openOrders: [], partnerIds, templateCustomerId: tpl.customer.id, surveyId: tpl.surveyId }
  const cloneMany = async (source: SourceName, templates: Template[], n: number, kind: 'order' | 'service', onClone: (id: string, c: number, t: number) => void): Promise<void> => {
    const rows: Array<ReturnType<typeof cloneOf>> = []
    const versions: number[] = []
    for (let i = 0; i < n; i++) {
      const c = Math.floor(Math.random() * sizes.customers)
      const t = Math.floor(Math.random() * templates.length)
      const template = templates[t] as Template
      const id = randomUUID()
      // Up to a day before now at the latest, so a stretched history stays in the past.
      rows.push(cloneOf(template, id, [[tpl.customer.id, customerIds[c] as string], [TPL_PARTNER, partnerOf(c, kind)]], randomIn(sizes.spanDays ?? 180, 1), sizes.varyDurations === true ? STRETCH * (0.5 + Math.random() * 4.5) : STRETCH))
      versions.push(template.version)
      onClone(id, c, t)
    }
    await insert(db, `${schemaOf(source)}.${templates[0]?.table ?? ''}`, rows, versions)
    log(`${source}: ${n}`)
  }
  const TICKET_STATUS = ['acknowledged', 'inProgress', 'resolved', 'closed']
  await cloneMany('productOrder', tpl.orders, sizes.orders, 'order', (id, c, t) => { if (t < 2) seeded.openOrders.push({ id, customer: c }) })
  await cloneMany('troubleTicket', tpl.tickets, sizes.tickets, 'service', (id, c, t) => { if (t < 3) seeded.openTickets.push({ id, customer: c, status: TICKET_STATUS[t] as string }) })
  await cloneMany('surveyResponse', tpl.responses, sizes.responses, 'service', () => {})
  for (const [source, table] of [['customer', 'customer'], ['productOrder', 'product_order'], ['troubleTicket', 'trouble_ticket'], ['surveyResponse', 'survey_response']] as const) {
    await db.query(`VACUUM ANALYZE ${schemaOf(source)}.${table}`)
  }
  return seeded
}
