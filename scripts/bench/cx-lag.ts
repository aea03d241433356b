import type pg from 'pg'
import { orderPartnerOf, servicePartnerOf, type Seeded } from './cx-seed.ts'
import type { SourceName } from './cx-stack.ts'

/**
 * Projection lag under a steady write load: `rate` resource changes per second for `seconds`,
 * written through the resource APIs (open loop: the schedule does not wait for answers), a mix of
 * ticket and order creations, lifecycle steps and attribute changes for random customers. For each
 * change, the lag is the time from its `lastUpdate` (stamped by the source when it wrote it) to
 * the first poll of cx's read model (`cx_entity`, committed in the same transaction as the
 * customer's 360 views) that sees that version. Polls run every `pollMs` (slower, up to 500 ms,
 * while thousands of changes are pending), so a lag is overstated by at most one interval.
 */

type Doc = Record<string, unknown>

export interface LagOptions {
  rate: number
  seconds: number
  pollMs: number
  /** How long to wait after the last write for cx to catch up before a change counts as missing. */
  drainMs: number
  /** Most requests in flight; a schedule that would exceed it is not sustained. */
  maxInFlight: number
  urlOf: (source: SourceName) => string
  token: string
  seeded: Seeded
  partners: number
  /** A connection to the benchmark database with cx's schema on its search_path. */
  cxDb: pg.Client
  log: (s: string) => void
}

export interface LagResult {
  planned: number
  written: number
  failed: number
  /** Changes the schedule could not start on time (the in-flight cap was reached). */
  late: number
  writeSeconds: number
  writesPerSecond: number
  writeP50: number
  writeP99: number
  seen: number
  missing: number
  lagP50: number
  lagP99: number
  lagMax: number
  byKind: Record<string, number>
  firstErrors: string[]
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number

const TT = '/tmf-api/troubleTicket/v5/troubleTicket'
const PO = '/tmf-api/productOrderingManagement/v5/productOrder'
const NEXT_TICKET: Record<string, string> = { acknowledged: 'inProgress', inProgress: 'resolved', resolved: 'closed' }
const NEXT_ORDER: Record<string, string> = { acknowledged: 'inProgress', inProgress: 'completed' }

interface Pending { stamp: number, wrote: number }

export async function measureLag (o: LagOptions): Promise<LagResult> {
  const { seeded } = o
  const rnd = (n: number): number => Math.floor(Math.random() * n)
  const busy = new Set<string>()
  const tickets = seeded.openTickets.map((t) => ({ ...t }))
  const orders = seeded.openOrders.map((x) => ({ ...x, state: '' }))
  const party = (role: string, id: string, referred: string): Doc => ({ '@type': 'RelatedPartyRefOrPartyRoleRef', role, partyOrPartyRole: { '@type': referred === 'BusinessPartner' ? 'PartyRoleRef' : 'PartyRef', id, '@referredType': referred } })
  const partiesOf = (c: number, partner: number): Doc[] => [party('customer', seeded.customerIds[c] as string, 'Customer'), party('partner', seeded.partnerIds[partner] as string, 'BusinessPartner')]

  // One change: the request, and which read-model entity it is about.
  interface Change { kind: 'troubleTicket' | 'productOrder', label: string, source: SourceName, method: 'POST' | 'PATCH', path: string, body: Doc, lock?: string, after?: (doc: Doc) => void }
  const pickFree = <T extends { id: string }>(xs: T[]): T | undefined => {
    for (let tries = 0; tries < 20; tries++) {
      const x = xs[rnd(xs.length)]
      if (x !== undefined && !busy.has(x.id)) return x
    }
    return undefined
  }
  const next = (): Change => {
    const roll = Math.random()
    if (roll < 0.3) {
      const t = pickFree(tickets)
      if (t !== undefined) {
        const status = NEXT_TICKET[t.status] ?? 'inProgress'
        return { kind: 'troubleTicket', label: 'ticket status', source: 'troubleTicket', method: 'PATCH', path: `${TT}/${t.id}`, body: { status }, lock: t.id, after: () => { t.status = status; if (status === 'closed') tickets.splice(tickets.indexOf(t), 1) } }
      }
    }
    if (roll < 0.5) {
      const t = pickFree(tickets)
      if (t !== undefined) return { kind: 'troubleTicket', label: 'ticket attribute', source: 'troubleTicket', method: 'PATCH', path: `${TT}/${t.id}`, body: { priority: String(1 + rnd(4)), description: `Still no broadband (${Date.now()})` }, lock: t.id }
    }
    if (roll < 0.7) {
      const x = pickFree(orders)
      if (x !== undefined) {
        const known = x.state
        // Half the order changes move it on when its state is known, the others change an attribute.
        if (known !== '' && NEXT_ORDER[known] !== undefined && Math.random() < 0.5) {
          const state = NEXT_ORDER[known] as string
          return { kind: 'productOrder', label: 'order state', source: 'productOrder', method: 'PATCH', path: `${PO}/${x.id}`, body: { state }, lock: x.id, after: () => { x.state = state; if (state === 'completed') orders.splice(orders.indexOf(x), 1) } }
        }
        return { kind: 'productOrder', label: 'order attribute', source: 'productOrder', method: 'PATCH', path: `${PO}/${x.id}`, body: { description: `Fibre broadband, change ${Date.now()}` }, lock: x.id, after: (doc) => { x.state = String(doc.state ?? '') } }
      }
    }
    const c = rnd(seeded.customerIds.length)
    if (roll < 0.85) {
      const body = { '@type': 'TroubleTicket', name: 'Slow Wi-Fi', description: 'Wi-Fi drops every evening', severity: 'Minor', ticketType: 'Incident', relatedParty: partiesOf(c, servicePartnerOf(c, o.partners)) }
      return { kind: 'troubleTicket', label: 'ticket created', source: 'troubleTicket', method: 'POST', path: TT, body, after: (doc) => { tickets.push({ id: String(doc.id), customer: c, status: 'acknowledged' }) } }
    }
    const item = { '@type': 'ProductOrderItem', id: '1', action: 'add', quantity: 1, productOffering: { '@type': 'ProductOfferingRef', id: 'tv-basic', name: 'TV Basic' } }
    const body = { '@type': 'ProductOrder', category: 'B2C', description: 'TV add-on', relatedParty: partiesOf(c, orderPartnerOf(c, o.partners)), productOrderItem: [item] }
    return { kind: 'productOrder', label: 'order created', source: 'productOrder', method: 'POST', path: PO, body, after: (doc) => { orders.push({ id: String(doc.id), customer: c, state: 'acknowledged' }) } }
  }

  const pending = new Map<string, Pending[]>()
  const lags: number[] = []
  const writeTimes: number[] = []
  const byKind: Record<string, number> = {}
  const firstErrors: string[] = []
  let inFlight = 0
  let written = 0
  let failed = 0
  let late = 0
  let issued = 0
  const headers = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' }

  const send = async (ch: Change): Promise<void> => {
    const started = performance.now()
    try {
      const res = await fetch(`${o.urlOf(ch.source)}${ch.path}`, {
        method: ch.method,
        headers: ch.method === 'PATCH' ? { ...headers, 'content-type': 'application/merge-patch+json' } : headers,
        body: JSON.stringify(ch.body)
      })
      const text = await res.text()
      writeTimes.push(performance.now() - started)
      if (!res.ok) {
        failed++
        if (firstErrors.length < 5) firstErrors.push(`${ch.method} ${ch.path}: ${res.status} ${text.slice(0, 200)}`)
        return
      }
      const doc = JSON.parse(text) as Doc
      written++
      byKind[ch.label] = (byKind[ch.label] ?? 0) + 1
      ch.after?.(doc)
      const key = `${ch.kind}/${String(doc.id)}`
      const list = pending.get(key) ?? []
      list.push({ stamp: Date.parse(String(doc.lastUpdate)), wrote: Date.now() })
      pending.set(key, list)
    } catch (err) {
      failed++
      if (firstErrors.length < 5) firstErrors.push(`${ch.method} ${ch.path}: ${(err as Error).message}`)
    } finally {
      inFlight--
      if (ch.lock !== undefined) busy.delete(ch.lock)
    }
  }

  // The poller: which pending versions has cx committed?
  const phase = { writing: true, drainUntil: Number.POSITIVE_INFINITY }
  const poll = async (): Promise<void> => {
    for (;;) {
      const at = Date.now()
      if (pending.size > 0) {
        const keys = [...pending.keys()]
        const res = await o.cxDb.query<{ kind: string, id: string, last_update: string }>(
          'SELECT e.kind, e.id, e.last_update FROM unnest($1::text[], $2::text[]) AS u(kind, id) JOIN cx_entity e ON e.kind = u.kind AND e.id = u.id',
          [keys.map((k) => k.slice(0, k.indexOf('/'))), keys.map((k) => k.slice(k.indexOf('/') + 1))])
        for (const row of res.rows) {
          const key = `${row.kind}/${row.id}`
          const stored = Date.parse(row.last_update)
          const list = pending.get(key) ?? []
          const left = list.filter((p) => {
            if (p.stamp > stored) return true
            lags.push(at - p.stamp)
            return false
          })
          if (left.length === 0) pending.delete(key)
          else pending.set(key, left)
        }
      }
      if (!phase.writing && (pending.size === 0 || Date.now() > phase.drainUntil)) break
      // Every pollMs while few changes are pending; slower when cx is far behind, so the poll does
      // not become the load (the resolution stays small against lags that long).
      const interval = Math.min(500, Math.max(o.pollMs, pending.size / 10))
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, interval - (Date.now() - at))))
    }
  }
  const poller = poll()

  const planned = Math.round(o.rate * o.seconds)
  const start = performance.now()
  const sends: Array<Promise<void>> = []
  let lastReport = start
  while (issued < planned) {
    const due = Math.min(planned, Math.floor(((performance.now() - start) / 1000) * o.rate))
    while (issued < due) {
      issued++
      if (inFlight >= o.maxInFlight) { late++; continue }
      const ch = next()
      if (ch.lock !== undefined) busy.add(ch.lock)
      inFlight++
      sends.push(send(ch))
    }
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now()
      o.log(`  ${((lastReport - start) / 1000).toFixed(0)} s: ${written} written, ${failed} failed, ${inFlight} in flight, ${lags.length} seen by cx, ${pending.size} pending`)
    }
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  await Promise.all(sends)
  const writeSeconds = (performance.now() - start) / 1000
  phase.drainUntil = Date.now() + o.drainMs
  phase.writing = false
  await poller
  const missing = [...pending.values()].reduce((n, l) => n + l.length, 0)
  lags.sort((a, b) => a - b)
  writeTimes.sort((a, b) => a - b)
  return {
    planned,
    written,
    failed,
    late,
    writeSeconds,
    writesPerSecond: written / writeSeconds,
    writeP50: percentile(writeTimes, 50),
    writeP99: percentile(writeTimes, 99),
    seen: lags.length,
    missing,
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    lagMax: lags[lags.length - 1] ?? Number.NaN,
    byKind,
    firstErrors
  }
}
