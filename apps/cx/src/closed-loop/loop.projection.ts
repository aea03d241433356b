import type { Queryable } from '@cx/store'
import { partnerOf, type Doc, type EntityFacts } from '../projections/entity-facts.ts'
import { firstMatch, isTriggerSource, occurrencesOf, type Trigger } from './occurrences.ts'
import {
  CLOSED_TICKET_STATES, isDetractor, loopSettingsOf, recoveryIdOfTicket, relatedEntityOf, ROLE, scoresOf
} from './loop-rules.ts'
import { invitationKey, followUpKey, RECOVERY_HREF, SUBJECT_TYPE } from './loop-keys.ts'

/** A version the evolve step applied (not deleted). */
export interface AppliedVersion { facts: EntityFacts, deleted: boolean }

interface SurveyRow { id: string, doc: Doc }

/**
 * The closed loop's share of the evolve step, in the same transaction as the versions it reacts
 * to (so a version is acted on exactly once with its inbox entry, and duplicates insert nothing):
 *
 * - a ticket, order or customer version whose occurrences match an active survey's trigger
 *   schedules that survey's invitation (one per survey and subject: the row's key);
 * - a completed detractor response opens a recovery (one per response), whose complaint ticket
 *   the runner creates;
 * - the complaint ticket resolved (or closed) marks the recovery resolved and schedules the
 *   follow-up invitation;
 * - a completed follow-up response marks the recovery followed up, with the NPS after;
 * - any version of a response the loop invited records whether it was answered or expired.
 */
export async function evolveClosedLoop (tx: Queryable, versions: readonly AppliedVersion[]): Promise<void> {
  const live = versions.filter((v) => !v.deleted)
  if (live.some((v) => isTriggerSource(v.facts.kind))) await scheduleTriggered(tx, live.filter((v) => isTriggerSource(v.facts.kind)).map((v) => v.facts))
  for (const { facts } of live) {
    if (facts.kind === 'surveyResponse') await onResponse(tx, facts)
    if (facts.kind === 'troubleTicket') await onComplaintTicket(tx, facts)
  }
}

async function scheduleTriggered (tx: Queryable, records: readonly EntityFacts[]): Promise<void> {
  const surveys = (await tx.query<SurveyRow>("SELECT id, doc FROM cx_loop_survey WHERE status = 'active' AND doc ? 'trigger'", [], { name: 'cx-loop-active-surveys' })).rows
  if (surveys.length === 0) return
  for (const f of records) {
    if (f.customerId === null) continue
    const occurrences = occurrencesOf(f.kind, f.doc)
    for (const s of surveys) {
      const since = activeSince(s.doc)
      const triggers = Array.isArray(s.doc.trigger) ? s.doc.trigger as Trigger[] : []
      const hits = triggers.flatMap((t) => {
        const o = firstMatch(t, occurrences, since)
        return o === undefined ? [] : [{ o, due: Date.parse(o.at) + t.delayMinutes * 60_000 }]
      }).sort((a, b) => a.due - b.due)
      const hit = hits[0]
      if (hit === undefined) continue
      const subject = f.kind === 'customer' ? null : { id: f.id, ...(typeof f.doc.href === 'string' ? { href: f.doc.href } : {}), '@referredType': SUBJECT_TYPE[f.kind] }
      await tx.query(
        `INSERT INTO cx_loop_invitation (id, survey_id, subject, customer_id, partner, event_type, occurred_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [invitationKey(s.id, f.kind, f.id), s.id, subject, f.customerId, partnerOf(f.doc) ?? null, hit.o.eventType, hit.o.at, new Date(hit.due).toISOString()],
        { name: 'cx-loop-invitation-schedule' })
    }
  }
}

/** When the survey started to run: its latest move to active, else its creation. */
function activeSince (survey: Doc): string {
  const history = Array.isArray(survey.statusChangeHistory) ? survey.statusChangeHistory as Doc[] : []
  const activated = history.filter((h) => h?.status === 'active' && typeof h.statusChangeDate === 'string').map((h) => String(h.statusChangeDate)).sort().at(-1)
  return activated ?? String(survey.creationDate ?? '1970-01-01T00:00:00Z')
}

async function onResponse (tx: Queryable, f: EntityFacts): Promise<void> {
  const r = f.doc
  const status = String(r.status)
  // The invitation's outcome, for the runner's expiry (it then leaves answered ones alone).
  if (status !== 'invited') {
    await tx.query(
      'UPDATE cx_loop_invitation SET state = $2 WHERE response_id = $1 AND state = \'invited\'',
      [f.id, status === 'expired' ? 'expired' : 'answered'], { name: 'cx-loop-invitation-outcome' })
  }
  if (status !== 'completed' || f.customerId === null) return
  const scores = scoresOf(r)
  const complaint = relatedEntityOf(r, ROLE.complaint)
  if (complaint !== undefined) {
    // A follow-up answered: the loop is closed, whatever the answer (a follow-up opens no new complaint).
    const row = (await tx.query<{ id: string, doc: Doc }>("SELECT id, doc FROM cx_loop_recovery WHERE ticket_id = $1 AND state <> 'followedUp' FOR UPDATE", [complaint.id], { name: 'cx-loop-recovery-by-ticket' })).rows[0]
    if (row === undefined) return
    const doc = { ...row.doc, state: 'followedUp', npsAfter: scores.nps, csatAfter: scores.csat, followUpResponse: { id: f.id, href: r.href, '@referredType': 'SurveyResponse' }, followedUpDate: r.submittedDate ?? r.lastUpdate }
    await tx.query("UPDATE cx_loop_recovery SET state = 'followedUp', doc = $2 WHERE id = $1", [row.id, doc], { name: 'cx-loop-recovery-followed-up' })
    return
  }
  if (!isDetractor(scores)) return
  const partner = partnerOf(r)
  const subject = relatedEntityOf(r, ROLE.subject)
  const doc: Doc = {
    id: f.id,
    href: `${RECOVERY_HREF}/${encodeURIComponent(f.id)}`,
    '@type': 'Recovery',
    state: 'open',
    customer: { id: f.customerId },
    ...(partner === undefined ? {} : { partner }),
    survey: r.survey,
    surveyResponse: { id: f.id, href: r.href, '@referredType': 'SurveyResponse' },
    ...(subject === undefined ? {} : { subject }),
    npsBefore: scores.nps,
    csatBefore: scores.csat,
    npsAfter: null,
    csatAfter: null,
    openedDate: r.submittedDate ?? r.lastUpdate
  }
  // 'opening' until the runner has created the complaint ticket; the list shows it as open.
  await tx.query(
    'INSERT INTO cx_loop_recovery (id, customer_id, partners, state, doc) VALUES ($1, $2, $3, \'opening\', $4) ON CONFLICT (id) DO NOTHING',
    [f.id, f.customerId, f.partners, doc], { name: 'cx-loop-recovery-open' })
}

async function onComplaintTicket (tx: Queryable, f: EntityFacts): Promise<void> {
  const recoveryId = recoveryIdOfTicket(f.doc)
  if (recoveryId === undefined) return
  const row = (await tx.query<{ state: string, doc: Doc }>('SELECT state, doc FROM cx_loop_recovery WHERE id = $1 FOR UPDATE', [recoveryId], { name: 'cx-loop-recovery-get' })).rows[0]
  if (row === undefined) return
  let doc: Doc = row.doc
  let state = row.state
  if (state === 'opening') {
    // The ticket's own event may overtake the runner's record of having created it.
    doc = { ...doc, complaintTicket: { id: f.id, href: f.doc.href, '@referredType': 'TroubleTicket' } }
    state = 'open'
  }
  const resolvedAt = firstResolution(f.doc)
  if (state === 'open' && resolvedAt !== undefined) {
    state = 'resolved'
    doc = { ...doc, resolvedDate: resolvedAt }
    const survey = (await tx.query<{ doc: Doc }>('SELECT doc FROM cx_loop_survey WHERE id = $1', [String((doc.survey as Doc | undefined)?.id)], { name: 'cx-loop-survey-get' })).rows[0]
    const settings = loopSettingsOf(survey?.doc ?? { id: (doc.survey as Doc | undefined)?.id })
    await tx.query(
      `INSERT INTO cx_loop_invitation (id, survey_id, subject, customer_id, partner, follow_up_of, event_type, occurred_at, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'TroubleTicketResolvedEvent', $7, $8) ON CONFLICT (id) DO NOTHING`,
      [followUpKey(recoveryId), settings.followUpSurveyId, doc.subject ?? null, String((doc.customer as Doc).id), doc.partner ?? null, recoveryId, resolvedAt,
        new Date(Date.parse(resolvedAt) + settings.followUpDelayMinutes * 60_000).toISOString()],
      { name: 'cx-loop-follow-up-schedule' })
  }
  doc = { ...doc, state: state === 'opening' ? 'open' : state }
  await tx.query('UPDATE cx_loop_recovery SET state = $2, ticket_id = $3, doc = $4 WHERE id = $1', [recoveryId, state, f.id, doc], { name: 'cx-loop-recovery-ticket' })
}

/** When the complaint ticket was first resolved (or closed without a resolution), if it was. */
function firstResolution (ticket: Doc): string | undefined {
  if (!CLOSED_TICKET_STATES.has(String(ticket.status))) return undefined
  const history = Array.isArray(ticket.statusChangeHistory) ? ticket.statusChangeHistory as Doc[] : []
  const first = history.find((h) => CLOSED_TICKET_STATES.has(String(h?.status)) && typeof h.statusChangeDate === 'string')
  return String(first?.statusChangeDate ?? ticket.statusChangeDate ?? ticket.lastUpdate)
}
