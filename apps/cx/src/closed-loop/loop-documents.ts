import type { Doc } from '../projections/entity-facts.ts'
import { relatedEntityOf, ROLE } from './loop-rules.ts'

const party = (role: string, id: string, referredType: string, name?: unknown, href?: unknown): Doc => ({
  '@type': 'RelatedPartyRefOrPartyRoleRef',
  role,
  partyOrPartyRole: { '@type': 'PartyRoleRef', id, ...(typeof href === 'string' ? { href } : {}), ...(typeof name === 'string' ? { name } : {}), '@referredType': referredType }
})

/** The TMF629 customer a loop record names: its id, and its href and name when the read model has them. */
export interface CustomerRefOf { id: string, href?: string | undefined, name?: string | undefined }

const entity = (role: string, ref: Doc): Doc => ({
  '@type': 'RelatedEntity',
  role,
  entity: { '@type': 'EntityRef', id: ref.id, ...(typeof ref.href === 'string' ? { href: ref.href } : {}), '@referredType': ref['@referredType'] }
})

/** The parties of everything the loop creates: the customer, and the attributed partner if any. */
function parties (customer: CustomerRefOf, partner: Doc | null | undefined): Doc[] {
  return [party('customer', customer.id, 'Customer', customer.name, customer.href), ...(typeof partner?.id === 'string' ? [party('partner', partner.id, 'BusinessPartner', partner.name)] : [])]
}

/**
 * The invitation: a SurveyResponse in status `invited` for the customer, about the subject
 * (relatedEntity role `subject`: the ticket or order), attributed to its partner (role `partner`);
 * a follow-up also names the complaint ticket it follows up (role `complaint`).
 */
export function invitationBody (row: { survey_id: string, subject: Doc | null, partner: Doc | null }, customer: CustomerRefOf, complaint: Doc | undefined): Doc {
  const related = [...(row.subject === null ? [] : [entity(ROLE.subject, row.subject)]), ...(complaint === undefined ? [] : [entity(ROLE.complaint, complaint)])]
  return {
    '@type': 'SurveyResponse',
    survey: { id: row.survey_id, '@referredType': 'Survey' },
    status: 'invited',
    relatedParty: parties(customer, row.partner),
    ...(related.length === 0 ? {} : { relatedEntity: related })
  }
}

/** Whether an existing response is the invitation `body` describes (same survey, customer, subject and complaint). */
export function sameInvitation (existing: Doc, body: Doc): boolean {
  const same = (role: string): boolean => relatedEntityOf(existing, role)?.id === relatedEntityOf(body, role)?.id
  return String((existing.survey as Doc | undefined)?.id) === String((body.survey as Doc).id) && same(ROLE.subject) && same(ROLE.complaint)
}

/** The external identifier that marks a complaint ticket as this recovery's (found again after a lost lease). */
export const recoveryMarker = (recoveryId: string): string => `cx-recovery-${recoveryId}`

/**
 * The complaint ticket of a recovery (TMF621 v5): ticketType `Complaint`, the severity of the
 * documented rule, relatedEntity the detractor response (role `surveyResponse`) and the original
 * ticket or order (role `subject`), related parties the customer and the attributed partner.
 */
export function complaintBody (recovery: Doc, customer: CustomerRefOf, severity: string, survey: Doc | undefined): Doc {
  const scores = [recovery.npsBefore === null ? undefined : `NPS ${String(recovery.npsBefore)}`, recovery.csatBefore === null ? undefined : `CSAT ${String(recovery.csatBefore)}`]
    .filter((x): x is string => x !== undefined).join(', ')
  const subject = recovery.subject as Doc | undefined
  const surveyName = typeof survey?.name === 'string' ? survey.name : String((recovery.survey as Doc | undefined)?.id ?? 'a survey')
  return {
    '@type': 'TroubleTicket',
    name: `Detractor call-back: ${surveyName}`,
    description: `The customer answered ${scores} to the survey ${surveyName}${subject === undefined ? '' : ` about ${String(subject['@referredType'])} ${String(subject.id)}`}. Contact them, put it right, then resolve this ticket: a follow-up survey goes out.`,
    severity,
    ticketType: 'Complaint',
    relatedParty: parties(customer, recovery.partner as Doc | undefined),
    relatedEntity: [
      entity(ROLE.surveyResponse, recovery.surveyResponse as Doc),
      ...(subject === undefined ? [] : [entity(ROLE.subject, subject)])
    ],
    externalIdentifier: [{ '@type': 'ExternalIdentifier', id: recoveryMarker(String(recovery.id)), owner: 'cx', externalIdentifierType: 'closedLoopRecovery' }]
  }
}
