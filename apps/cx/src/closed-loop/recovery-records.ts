import type { Doc, EntityKind } from '../projections/entity-facts.ts'
import { CLOSED_TICKET_STATES, recoveryIdOfTicket, relatedEntityOf, ROLE, WITHDRAWN_STATES } from './loop-rules.ts'

/**
 * How the closed loop shows in the records themselves, so the 360 and the journey derive it from
 * the same documents as everything else (a back-filled record tells the same story): a complaint
 * ticket the loop opened is `ticketType: Complaint` with the detractor response as relatedEntity
 * (role `surveyResponse`); a follow-up response names the complaint ticket (role `complaint`).
 */
export function isOpenRecoveryTicket (ticket: Doc): boolean {
  const status = String(ticket.status)
  return recoveryIdOfTicket(ticket) !== undefined && !CLOSED_TICKET_STATES.has(status) && !WITHDRAWN_STATES.has(status)
}

export interface RecoveryMoment { suffix: string, date: string | undefined, kind: 'recoveryOpened' | 'recoveryResolved' | 'followUpAnswered', summary: string }

/**
 * The journey moments of the loop in one record: `recoveryOpened` when the complaint ticket was
 * created, `recoveryResolved` at its first resolution, `followUpAnswered` when a follow-up
 * response was submitted (with its NPS). Ids are stable (`<record id>.recovery-…`).
 */
export function recoveryJourney (kind: EntityKind, doc: Doc): RecoveryMoment[] {
  if (kind === 'troubleTicket') {
    const responseId = recoveryIdOfTicket(doc)
    if (responseId === undefined) return []
    const history = Array.isArray(doc.statusChangeHistory) ? doc.statusChangeHistory as Doc[] : []
    const resolved = history.find((h) => CLOSED_TICKET_STATES.has(String(h?.status)))
    return [
      { suffix: 'recovery-opened', date: str(doc.creationDate), kind: 'recoveryOpened', summary: `Recovery opened after a detractor answer (complaint ticket, severity ${String(doc.severity)})` },
      ...(resolved === undefined ? [] : [{ suffix: 'recovery-resolved', date: str(resolved.statusChangeDate), kind: 'recoveryResolved' as const, summary: 'Recovery resolved: the complaint ticket was resolved' }])
    ]
  }
  if (kind === 'surveyResponse' && doc.status === 'completed' && relatedEntityOf(doc, ROLE.complaint) !== undefined) {
    const nps = (doc.score as Doc | undefined)?.npsValue
    return [{ suffix: 'follow-up-answered', date: str(doc.submittedDate), kind: 'followUpAnswered', summary: `Follow-up survey answered${typeof nps === 'number' ? `: NPS ${nps}` : ''}` }]
  }
  return []
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
