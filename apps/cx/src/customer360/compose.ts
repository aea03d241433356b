import { partnerOf, partiesOf, type Doc, type EntityKind } from '../projections/entity-facts.ts'
import { computeExperience, type Experience } from './experience.ts'

/** The viewer of the operator's (unrestricted) view; any other viewer is a partner id. */
export const OPERATOR_VIEW = '*operator'

export const CUSTOMER360_ROOT = '/tmf-api/customer360/v5'
export const CUSTOMER360_SCHEMA_LOCATION = `${CUSTOMER360_ROOT}/schema/CxCustomer360.json`

export interface StoredEntity { kind: EntityKind, id: string, partners: string[], doc: Doc }

const pick = (doc: Doc, keys: readonly string[]): Doc => {
  const out: Doc = {}
  for (const k of keys) if (doc[k] !== undefined) out[k] = doc[k]
  return out
}

function customerVo (customer: Doc, viewer: string): Doc {
  // A partner sees the parties of the customer that are not partners, and itself; never its rivals.
  const related = Array.isArray(customer.relatedParty)
    ? (customer.relatedParty as Doc[]).filter((rp) => {
        if (viewer === OPERATOR_VIEW) return true
        const [p] = partiesOf({ relatedParty: [rp] })
        return p !== undefined && (p.role.toLowerCase() !== 'partner' || p.id === viewer)
      })
    : undefined
  return {
    '@type': 'Customer360CustomerVO',
    ...pick(customer, ['id', 'href', 'name', 'status', 'engagedParty', 'contactMedium', 'validFor']),
    ...(related === undefined ? {} : { relatedParty: related })
  }
}

const ticketVo = (t: Doc): Doc => ({
  '@type': 'Customer360TroubleTicketVO',
  ...pick(t, ['id', 'href', 'name', 'description', 'severity', 'priority', 'ticketType', 'status', 'statusChangeDate', 'statusChangeReason', 'creationDate', 'lastUpdate', 'requestedResolutionDate', 'expectedResolutionDate'])
})

const orderVo = (o: Doc): Doc => ({
  '@type': 'Customer360ProductOrderVO',
  ...pick(o, ['id', 'href', 'category', 'description', 'priority', 'state', 'creationDate', 'completionDate', 'expectedCompletionDate'])
})

/** A survey response as a TMF683-style interaction (TMF717 Customer360PartyInteractionVO). */
const interactionVo = (r: Doc): Doc => ({
  '@type': 'Customer360PartyInteractionVO',
  id: r.id,
  href: r.href,
  interactionDate: { startDateTime: r.creationDate, ...(typeof r.submittedDate === 'string' ? { endDateTime: r.submittedDate } : {}) },
  description: `Satisfaction survey ${String((r.survey as Doc | undefined)?.name ?? (r.survey as Doc | undefined)?.id ?? '')}`.trim(),
  reason: 'satisfaction survey',
  status: r.status === 'completed' ? 'completed' : r.status === 'started' ? 'inProgress' : String(r.status)
})

const violationVo = (v: Doc): Doc => ({
  '@type': 'CxSlaViolationVO',
  ...pick(v, ['id', 'href', 'state', 'date', 'sla', 'rule', 'actualValue', 'referenceValue', 'unit', 'consequence', 'relatedEntity']),
  ...(partnerOf(v) === undefined ? {} : { partner: partnerOf(v) })
})

const responseVo = (r: Doc): Doc => ({
  '@type': 'CxSurveyResponseVO',
  ...pick(r, ['id', 'href', 'survey', 'status', 'score', 'answer', 'submittedDate', 'creationDate', 'relatedEntity', 'channel']),
  ...(partnerOf(r) === undefined ? {} : { partner: partnerOf(r) })
})

const newestFirst = (field: string) => (a: Doc, b: Doc): number =>
  String(b[field] ?? '').localeCompare(String(a[field] ?? '')) || String(a.id).localeCompare(String(b.id))

/**
 * The Customer 360 document of one customer as one viewer sees it (TMF717 `Customer360`, subclass
 * `CxCustomer360`): the operator sees every record; a partner only the records it is a related
 * party of, and an experience computed over that share alone. `journey` is the viewer's latest
 * journey events. Pure: the same inputs and `now` give the same document.
 */
export function composeCustomer360 (input: { customer: Doc, entities: readonly StoredEntity[], journey: readonly Doc[], viewer: string, now: Date }): Doc & { experience: Experience } {
  const visible = input.viewer === OPERATOR_VIEW ? input.entities : input.entities.filter((e) => e.partners.includes(input.viewer))
  const of = (kind: EntityKind): Doc[] => visible.filter((e) => e.kind === kind).map((e) => e.doc)
  const tickets = of('troubleTicket').sort(newestFirst('creationDate'))
  const orders = of('productOrder').sort(newestFirst('creationDate'))
  const violations = of('slaViolation').sort(newestFirst('date'))
  const responses = of('surveyResponse').sort(newestFirst('creationDate'))
  const id = String(input.customer.id)
  return {
    id,
    href: `${CUSTOMER360_ROOT}/customer360/${id}`,
    '@type': 'CxCustomer360',
    '@baseType': 'Customer360',
    '@schemaLocation': CUSTOMER360_SCHEMA_LOCATION,
    customer: customerVo(input.customer, input.viewer),
    productOrder: orders.map(orderVo),
    troubleTicket: tickets.map(ticketVo),
    partyInteraction: responses.map(interactionVo),
    slaViolation: violations.map(violationVo),
    surveyResponse: responses.map(responseVo),
    experience: computeExperience({ tickets, orders, violations, responses }, input.now),
    journey: [...input.journey]
  }
}
