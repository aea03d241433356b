import { partnerOf, type Doc, type EntityFacts, type EntityKind } from '../projections/entity-facts.ts'
import { recoveryJourney } from '../closed-loop/recovery-records.ts'

/** The kinds of interaction on a customer's journey. */
export const JOURNEY_KINDS = [
  'customerRegistered', 'customerStatusChanged',
  'orderPlaced', 'orderStateChanged', 'orderCompleted',
  'ticketOpened', 'ticketThreaded', 'ticketStatusChanged', 'ticketResolved', 'ticketReopened',
  'slaBreached',
  'surveyInvited', 'surveyAnswered',
  'recoveryOpened', 'recoveryResolved', 'followUpAnswered',
  // A TMF681 message cx sent about an outage affecting the customer (outages/outage-journey.ts).
  'customerNotified'
] as const
export type JourneyKind = typeof JOURNEY_KINDS[number]

/** One interaction of a customer (the `journeyEvent` resource of /tmf-api/cxAnalytics/v1). */
export interface JourneyEvent {
  id: string
  href: string
  '@type': 'JourneyEvent'
  date: string
  kind: JourneyKind
  summary: string
  entity: { id: string, href?: string, '@referredType': string }
  customer: { id: string }
  partner?: { id: string, name?: string }
}

export const JOURNEY_HREF = '/tmf-api/cxAnalytics/v1/journeyEvent'

const REFERRED: Record<EntityKind, string> = {
  customer: 'Customer',
  troubleTicket: 'TroubleTicket',
  productOrder: 'ProductOrder',
  slaViolation: 'SlaViolation',
  surveyResponse: 'SurveyResponse'
}

interface Change { state: string, date: string, reason?: string }

/** A lifecycle history (statusChangeHistory or stateChangeHistory) as {state, date}, oldest first. */
function historyOf (doc: Doc, field: 'status' | 'state'): Change[] {
  const raw = doc[`${field}ChangeHistory`]
  if (!Array.isArray(raw)) return []
  const out: Change[] = []
  for (const h of raw as Doc[]) {
    const state = h?.[field]
    const date = h?.[`${field}ChangeDate`]
    const reason = h?.[`${field}ChangeReason`]
    if (typeof state === 'string' && typeof date === 'string') out.push({ state, date, ...(typeof reason === 'string' ? { reason } : {}) })
  }
  return out.sort((a, b) => Date.parse(a.date) - Date.parse(b.date))
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

function label (kind: EntityKind, doc: Doc): string {
  switch (kind) {
    case 'troubleTicket': return str(doc.name) ?? str(doc.description) ?? 'ticket'
    case 'productOrder': {
      const offers = Array.isArray(doc.productOrderItem)
        ? (doc.productOrderItem as Doc[]).map((i) => str((i?.productOffering as Doc | undefined)?.name)).filter((n): n is string => n !== undefined)
        : []
      return str(doc.description) ?? (offers.length > 0 ? offers.join(', ') : 'order')
    }
    case 'surveyResponse': return str((doc.survey as Doc | undefined)?.name) ?? 'survey'
    case 'slaViolation': return str((doc.sla as Doc | undefined)?.name) ?? 'SLA'
    case 'customer': return str(doc.name) ?? 'customer'
  }
}

/**
 * The journey events one source resource contributes, derived from its own dates and lifecycle
 * history (never from the order events arrived in), so a back-filled resource yields the same
 * journey as one followed live, and re-deriving it is idempotent: ids are stable.
 */
export function journeyOf (facts: EntityFacts): JourneyEvent[] {
  const { kind, id, doc, customerId } = facts
  if (customerId === null) return []
  const entity = { id, ...(str(doc.href) === undefined ? {} : { href: String(doc.href) }), '@referredType': REFERRED[kind] }
  const p = partnerOf(doc)
  const name = label(kind, doc)
  const out: JourneyEvent[] = []
  const add = (suffix: string, date: string | undefined, k: JourneyKind, summary: string): void => {
    if (date === undefined || Number.isNaN(Date.parse(date))) return
    const eventId = `${id}.${suffix}`
    out.push({
      id: eventId,
      href: `${JOURNEY_HREF}/${encodeURIComponent(eventId)}`,
      '@type': 'JourneyEvent',
      date: new Date(date).toISOString(),
      kind: k,
      summary,
      entity,
      customer: { id: customerId },
      ...(p === undefined ? {} : { partner: p })
    })
  }
  const because = (c: Change): string => (c.reason === undefined ? '' : ` (${c.reason})`)

  switch (kind) {
    case 'customer': {
      add('registered', str(doc.creationDate), 'customerRegistered', `Customer ${name} registered`)
      historyOf(doc, 'status').forEach((c, i) => { if (i > 0) add(`status-${i}`, c.date, 'customerStatusChanged', `Customer status ${c.state}${because(c)}`) })
      break
    }
    case 'troubleTicket': {
      add('opened', str(doc.creationDate), 'ticketOpened', `Ticket opened: ${name}`)
      // Threaded by the trouble-ticket service to the customer's earlier tickets about the same problem.
      const repeats = typeof doc.repeatContactCount === 'number' ? doc.repeatContactCount : 0
      if (repeats > 0) add('threaded', str(doc.creationDate), 'ticketThreaded', `Repeat contact: ${name} is about the same problem as ${repeats} earlier ticket${repeats === 1 ? '' : 's'} (open or resolved in the last days)`)
      const h = historyOf(doc, 'status')
      h.forEach((c, i) => {
        if (i === 0) return
        const prev = h[i - 1]?.state
        if (c.state === 'resolved') add(`status-${i}`, c.date, 'ticketResolved', `Ticket resolved: ${name}${because(c)}`)
        else if (prev === 'resolved' && c.state === 'inProgress') add(`status-${i}`, c.date, 'ticketReopened', `Ticket reopened: ${name}${because(c)}`)
        else add(`status-${i}`, c.date, 'ticketStatusChanged', `Ticket ${c.state}: ${name}${because(c)}`)
      })
      break
    }
    case 'productOrder': {
      add('placed', str(doc.creationDate), 'orderPlaced', `Order placed: ${name}`)
      historyOf(doc, 'state').forEach((c, i) => {
        if (i === 0) return
        if (c.state === 'completed') add(`state-${i}`, c.date, 'orderCompleted', `Order completed: ${name}`)
        else add(`state-${i}`, c.date, 'orderStateChanged', `Order ${c.state}: ${name}${because(c)}`)
      })
      break
    }
    case 'slaViolation': {
      const rule = doc.rule as Doc | undefined
      const what = str(rule?.metric) ?? str(rule?.id) ?? 'a rule'
      add('breached', str(doc.date), 'slaBreached', `SLA breached: ${what} of ${name} (${String(doc.actualValue ?? '?')} ${String(doc.unit ?? '')} against ${String(doc.referenceValue ?? '?')})`.replace(' )', ')'))
      break
    }
    case 'surveyResponse': {
      const h = historyOf(doc, 'status')
      const invited = h.find((c) => c.state === 'invited')?.date ?? (doc.status === 'invited' ? str(doc.creationDate) : undefined)
      add('invited', invited, 'surveyInvited', `Invited to the ${name} survey`)
      if (doc.status === 'completed') {
        const score = doc.score as Doc | undefined
        const parts = [score?.npsValue === undefined ? undefined : `NPS ${String(score.npsValue)}`, score?.csat === undefined ? undefined : `CSAT ${String(score.csat)}`]
          .filter((x): x is string => x !== undefined)
        add('answered', str(doc.submittedDate) ?? h.find((c) => c.state === 'completed')?.date, 'surveyAnswered', `Answered the ${name} survey${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`)
      }
      break
    }
  }
  // The closed loop's moments, told apart from the record's own (closed-loop/recovery-records.ts).
  for (const e of recoveryJourney(kind, doc)) add(e.suffix, e.date, e.kind, e.summary)
  return out
}

/**
 * A journey event as one viewer may see it. A partner (`viewerPartnerId`) sees the events of the
 * records it is a related party of; a record several partners share (above all the customer
 * itself) names its first partner, which may be a rival: that `partner` is left out, so a
 * partner's view never names another partner (apps/cx README, "Whose records are whose").
 * The operator (`null`) sees the event as stored.
 */
export function journeyForViewer<T extends { partner?: { id: string } | undefined }> (event: T, viewerPartnerId: string | null): T {
  if (viewerPartnerId === null || event.partner === undefined || event.partner.id === viewerPartnerId) return event
  const { partner: _rival, ...rest } = event
  return rest as T
}
