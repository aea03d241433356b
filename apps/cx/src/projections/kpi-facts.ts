import type { Queryable } from '@cx/store'
import { partiesOf, type Doc, type EntityFacts } from './entity-facts.ts'

/**
 * One measurable fact of a source record, as stored in `cx_fact`: the KPIs of src/kpi/ are SQL
 * aggregations over these rows. Facts are derived from the record's own dates and lifecycle
 * history (never from when events arrived), so a back-filled record has the same facts as one
 * followed live.
 *
 * - `response`: a completed survey response, at its `submittedDate`; `nps` 0–10, `csat` 1–5,
 *   `ces` 1–7 (each null when not answered).
 * - `ticketOpened`: a ticket at its `creationDate` (partner scorecards count them); `outcome`
 *   `outage` for a CxOutage, `repeat` for a repeat contact (`repeatContactCount` > 0), else null.
 * - `ticketAck`: a ticket's first move to `inProgress`, at that time; `hours` since creation.
 * - `ticketResolved`: a ticket's first move to `resolved`, at that time; `hours` since creation,
 *   `netHours` the same minus the time spent in `pending` or `held` before it; `enteredPending`
 *   (it ever entered `pending`), `reopened` (a `resolved → inProgress` change, at any time).
 * - `orderClosed`: an order reaching a final state (`completed`, `failed`, `partial`,
 *   `cancelled`), at the first such change (else `completionDate`/`cancellationDate`); `outcome`
 *   that state, `hours` since creation.
 * - `slaViolation`: a violation at its `date`; `amount`/`unit` its penalty
 *   (`consequence.penalty`), `refKeys` the records it was measured on (`relatedEntity`, as
 *   `troubleTicket/{id}` or `productOrder/{id}`).
 */
export interface KpiFact {
  kind: 'response' | 'ticketOpened' | 'ticketAck' | 'ticketResolved' | 'orderClosed' | 'slaViolation'
  /** RFC 3339 instant the fact is bucketed by. */
  at: string
  hours?: number | null
  netHours?: number | null
  nps?: number | null
  csat?: number | null
  ces?: number | null
  enteredPending?: boolean
  reopened?: boolean
  outcome?: string
  amount?: number | null
  unit?: string | null
  refKeys?: string[]
}

const HOUR_MS = 3_600_000
const FINAL_ORDER_STATES = new Set(['completed', 'failed', 'partial', 'cancelled'])
const PAUSED_TICKET_STATES = new Set(['pending', 'held'])
const REFERRED_KIND: Record<string, string> = { troubleticket: 'troubleTicket', productorder: 'productOrder' }

const str = (x: unknown): string | undefined => typeof x === 'string' && !Number.isNaN(Date.parse(x)) ? x : undefined
const num = (x: unknown): number | null => typeof x === 'number' && Number.isFinite(x) ? x : null
const whole = (x: unknown): number | null => typeof x === 'number' && Number.isInteger(x) ? x : null
const obj = (x: unknown): Doc | undefined => x !== null && typeof x === 'object' && !Array.isArray(x) ? x as Doc : undefined
const hoursBetween = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / HOUR_MS

interface Change { state: string, at: string }

/** A lifecycle history (`statusChangeHistory` or `stateChangeHistory`) oldest first. */
function historyOf (doc: Doc, field: 'status' | 'state'): Change[] {
  const raw = doc[`${field}ChangeHistory`]
  if (!Array.isArray(raw)) return []
  const out: Change[] = []
  for (const h of raw as unknown[]) {
    const c = obj(h)
    const state = c?.[field]
    const at = str(c?.[`${field}ChangeDate`])
    if (typeof state === 'string' && at !== undefined) out.push({ state, at })
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
}

/** Hours spent in `pending`/`held` between creation and `until`, from the history. */
function pausedHours (h: Change[], until: string): number {
  let paused = 0
  for (let i = 0; i < h.length; i++) {
    const c = h[i]!
    if (Date.parse(c.at) >= Date.parse(until)) break
    if (!PAUSED_TICKET_STATES.has(c.state)) continue
    const end = h[i + 1]?.at ?? until
    paused += hoursBetween(c.at, Date.parse(end) < Date.parse(until) ? end : until)
  }
  return paused
}

function ticketFacts (doc: Doc): KpiFact[] {
  const created = str(doc.creationDate)
  if (created === undefined) return []
  const h = historyOf(doc, 'status')
  const opened: KpiFact = { kind: 'ticketOpened', at: created }
  if (doc['@type'] === 'CxOutage' || doc.ticketType === 'Outage') opened.outcome = 'outage'
  else if (typeof doc.repeatContactCount === 'number' && doc.repeatContactCount > 0) opened.outcome = 'repeat'
  const out: KpiFact[] = [opened]
  const ack = h.find((c) => c.state === 'inProgress')
  if (ack !== undefined) out.push({ kind: 'ticketAck', at: ack.at, hours: hoursBetween(created, ack.at) })
  const resolved = h.find((c) => c.state === 'resolved')
  if (resolved !== undefined) {
    const hours = hoursBetween(created, resolved.at)
    out.push({
      kind: 'ticketResolved',
      at: resolved.at,
      hours,
      netHours: hours - pausedHours(h, resolved.at),
      enteredPending: h.some((c) => c.state === 'pending'),
      reopened: h.some((c, i) => i > 0 && c.state === 'inProgress' && h[i - 1]?.state === 'resolved')
    })
  }
  return out
}

function orderFacts (doc: Doc): KpiFact[] {
  const created = str(doc.creationDate)
  if (created === undefined) return []
  const final = historyOf(doc, 'state').find((c) => FINAL_ORDER_STATES.has(c.state))
  let closed: Change | undefined = final
  if (closed === undefined && typeof doc.state === 'string' && FINAL_ORDER_STATES.has(doc.state)) {
    const at = str(doc.state === 'cancelled' ? doc.cancellationDate : doc.completionDate)
    if (at !== undefined) closed = { state: doc.state, at }
  }
  if (closed === undefined) return []
  return [{ kind: 'orderClosed', at: closed.at, outcome: closed.state, hours: hoursBetween(created, closed.at) }]
}

function violationFacts (doc: Doc): KpiFact[] {
  const at = str(doc.date)
  if (at === undefined) return []
  const penalty = obj(obj(doc.consequence)?.penalty)
  const refKeys: string[] = []
  for (const e of Array.isArray(doc.relatedEntity) ? doc.relatedEntity as unknown[] : []) {
    const ref = obj(obj(e)?.entity) ?? obj(e)
    const kind = REFERRED_KIND[String(ref?.['@referredType'] ?? '').toLowerCase()]
    if (kind !== undefined && typeof ref?.id === 'string') refKeys.push(`${kind}/${ref.id}`)
  }
  return [{ kind: 'slaViolation', at, amount: num(penalty?.value), unit: typeof penalty?.unit === 'string' ? penalty.unit : null, refKeys }]
}

function responseFacts (doc: Doc): KpiFact[] {
  const at = str(doc.submittedDate)
  if (doc.status !== 'completed' || at === undefined) return []
  const score = obj(doc.score)
  return [{ kind: 'response', at, nps: whole(score?.npsValue), csat: whole(score?.csat), ces: whole(score?.ces) }]
}

/** The KPI facts of one record version (none for customers and for a deleted record). */
export function kpiFactsOf (f: EntityFacts): KpiFact[] {
  switch (f.kind) {
    case 'troubleTicket': return ticketFacts(f.doc)
    case 'productOrder': return orderFacts(f.doc)
    case 'slaViolation': return violationFacts(f.doc)
    case 'surveyResponse': return responseFacts(f.doc)
    default: return []
  }
}

/** Product offering ids of an order's items (`productOrderItem[].productOffering.id`). */
export function offeringsOf (doc: Doc): string[] {
  const items = Array.isArray(doc.productOrderItem) ? doc.productOrderItem as unknown[] : []
  const ids = items.map((i) => obj(obj(i)?.productOffering)?.id).filter((x): x is string => typeof x === 'string')
  return [...new Set(ids)]
}

/** Channel ids: TMF622 `channel[]` of RelatedChannel `{channel: {id}}`, or a single ChannelRef (TMF621). */
export function channelsOf (doc: Doc): string[] {
  const raw = Array.isArray(doc.channel) ? doc.channel as unknown[] : doc.channel === undefined ? [] : [doc.channel]
  const ids = raw.map((c) => obj(obj(c)?.channel)?.id ?? obj(c)?.id).filter((x): x is string => typeof x === 'string')
  return [...new Set(ids)]
}

/**
 * The names the record gives its partners, aligned with `partners` (null where no entry of that
 * partner carries a name): scorecards name a partner from its own facts.
 */
export function partnerNamesOf (doc: Doc, partners: readonly string[]): Array<string | null> {
  const parties = partiesOf(doc)
  return partners.map((id) => parties.find((p) => p.id === id && p.name !== undefined)?.name ?? null)
}

/**
 * Replaces the KPI facts of one record in `cx_fact` (inside the evolve step's transaction, under
 * the customer's lock): delete then insert, so a new version, a moved record or a deletion
 * (`deleted`) leaves exactly the facts of the latest version.
 */
export async function replaceKpiFacts (tx: Queryable, entityKey: string, f: EntityFacts, customerId: string | null, deleted: boolean): Promise<void> {
  await tx.query('DELETE FROM cx_fact WHERE entity_key = $1', [entityKey], { name: 'cx-fact-delete' })
  const facts = deleted ? [] : kpiFactsOf(f)
  if (facts.length === 0) return
  await tx.query(
    `INSERT INTO cx_fact (entity_key, seq, kind, at, customer_id, partners, offerings, channels, hours, net_hours, nps, csat, ces,
       entered_pending, reopened, outcome, amount, unit, ref_keys, partner_names)
     SELECT $1, u.seq, u.kind, u.at::timestamptz, $2, $3::text[], $4::text[], $5::text[], u.hours, u.net_hours, u.nps, u.csat, u.ces,
       u.entered_pending, u.reopened, u.outcome, u.amount, u.unit, ARRAY(SELECT jsonb_array_elements_text(u.ref_keys)), $20::text[]
     FROM unnest($6::int[], $7::text[], $8::text[], $9::float8[], $10::float8[], $11::int[], $12::int[], $13::int[], $14::boolean[], $15::boolean[], $16::text[], $17::float8[], $18::text[], $19::jsonb[])
       AS u(seq, kind, at, hours, net_hours, nps, csat, ces, entered_pending, reopened, outcome, amount, unit, ref_keys)`,
    [entityKey, customerId, f.partners, offeringsOf(f.doc), channelsOf(f.doc),
      facts.map((_, i) => i), facts.map((x) => x.kind), facts.map((x) => x.at), facts.map((x) => x.hours ?? null), facts.map((x) => x.netHours ?? null),
      facts.map((x) => x.nps ?? null), facts.map((x) => x.csat ?? null), facts.map((x) => x.ces ?? null),
      facts.map((x) => x.enteredPending ?? null), facts.map((x) => x.reopened ?? null), facts.map((x) => x.outcome ?? null),
      facts.map((x) => x.amount ?? null), facts.map((x) => x.unit ?? null), facts.map((x) => JSON.stringify(x.refKeys ?? [])),
      partnerNamesOf(f.doc, f.partners)],
    { name: 'cx-fact-insert-named' })
}
