import type { Db } from '@cx/store'
import type { Doc } from '../projections/entity-facts.ts'
import { LoopCallError, type LoopClients } from './loop-clients.ts'
import { complaintSeverity, LATE_LIMIT_MS, loopSettingsOf, WITHDRAWN_STATES } from './loop-rules.ts'
import { invitationBody, complaintBody, recoveryMarker, sameInvitation, type CustomerRefOf } from './loop-documents.ts'

interface Logger { info: (o: unknown, m?: string) => void, warn: (o: unknown, m?: string) => void, error: (o: unknown, m?: string) => void }

export interface ClosedLoopOptions {
  db: Db
  clients: LoopClients
  /** The clock of due dates, suppression windows and expiry (the app's `now`). */
  now: () => Date
  log: Logger
  /** How often surveys are re-read, and due work looked for when nothing wakes the runner (unless `pollMs`), in ms. */
  intervalMs: number
  /** How often due work is looked for when nothing wakes the runner, in ms (default `intervalMs`; longer when BullMQ jobs wake it on time). */
  pollMs?: number | undefined
}

/** What one pass did. */
export interface LoopPass { invited: number, suppressed: number, cancelled: number, expired: number, complaints: number, failed: number }

interface InvitationRow {
  id: string,
  survey_id: string,
  subject: Doc | null,
  customer_id: string,
  partner: Doc | null,
  follow_up_of: string | null,
  due_at: Date,
  state: string,
  attempts: number,
  sent_at: Date | null,
  response_id: string | null
}

// Any constant shared by every cx replica: the namespace of the loop's per-customer locks.
const LOOP_CUSTOMER_LOCK_NS = 724_011
/** How long a claimed call may take before another replica takes the work over. */
const LEASE_MS = 120_000
const MAX_ATTEMPTS = 8
const DAY = 86_400_000

/**
 * Runs the closed loop's due work from its tables, in this process; several replicas may run it
 * at once. The tables are the durable queue (a restart loses nothing: what was due is done at the
 * next pass); each piece of work is claimed in a transaction (`FOR UPDATE SKIP LOCKED`, then a
 * lease), the REST call is made outside any transaction, and its outcome recorded in another:
 *
 * - invitations due: dropped when late, cancelled when the survey no longer runs or the subject was
 *   cancelled or rejected, suppressed by the per-customer rule, else created as an `invited`
 *   SurveyResponse (its SurveyResponseCreateEvent is the invitation);
 * - invitations past their expiry still `invited`: patched to `expired`;
 * - recoveries opening: their complaint ticket created (TMF621, ticketType Complaint).
 *
 * A call retried after a lost lease first looks for what the earlier attempt may have created, so
 * each invitation and complaint exists once.
 */
export class ClosedLoop {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<LoopPass> | undefined
  private again = false
  private stopped = false
  private surveysReadAt = 0

  constructor (private readonly opts: ClosedLoopOptions) {}

  /** Starts passes every `pollMs` (and on wake); a no-op once stopped. */
  start (): void {
    this.schedule(0)
  }

  async stop (): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running?.catch(() => undefined)
  }

  /** Asks for a pass soon (new events may have scheduled or resolved something). */
  wake (): void {
    if (!this.stopped && this.timer !== undefined) this.schedule(50)
  }

  private schedule (ms: number): void {
    clearTimeout(this.timer)
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.runDue().catch((err: unknown) => this.opts.log.error({ err }, 'closed loop pass failed')).finally(() => this.schedule(this.opts.pollMs ?? this.opts.intervalMs))
    }, ms)
    this.timer.unref()
  }

  /** Re-reads every survey from the survey API into cx_loop_survey (triggers and loop settings). */
  async refreshSurveys (): Promise<number> {
    const surveys = await this.opts.clients.listSurveys()
    await this.opts.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO cx_loop_survey (id, status, doc, refreshed_at) SELECT u.id, u.status, u.doc, now() FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS u(id, status, doc)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, doc = EXCLUDED.doc, refreshed_at = now()`,
        [surveys.map((s) => String(s.id)), surveys.map((s) => String(s.status)), surveys.map((s) => JSON.stringify(s))])
      await tx.query('DELETE FROM cx_loop_survey WHERE NOT (id = ANY($1::text[]))', [surveys.map((s) => String(s.id))])
    })
    this.surveysReadAt = Date.now()
    return surveys.length
  }

  /**
   * One pass over everything due at `now()`; concurrent calls share one pass (then run another,
   * since the second caller may have seen newer work). Returns what the pass did.
   */
  async runDue (): Promise<LoopPass> {
    if (this.running !== undefined) {
      this.again = true
      await this.running.catch(() => undefined)
      if (this.running !== undefined) return await this.running
    }
    this.running = this.pass().finally(() => { this.running = undefined })
    const result = await this.running
    if (this.again) { this.again = false; return await this.runDue() }
    return result
  }

  private async pass (): Promise<LoopPass> {
    const out: LoopPass = { invited: 0, suppressed: 0, cancelled: 0, expired: 0, complaints: 0, failed: 0 }
    if (Date.now() - this.surveysReadAt >= this.opts.intervalMs) {
      await this.refreshSurveys().catch((err: unknown) => this.opts.log.warn({ err }, 'closed loop: surveys could not be read'))
    }
    for (let row = await this.claimInvitation(out); row !== undefined; row = await this.claimInvitation(out)) await this.invite(row, out)
    for (let row = await this.claimExpiry(); row !== undefined; row = await this.claimExpiry()) await this.expire(row, out)
    for (let id = await this.claimRecovery(); id !== undefined; id = await this.claimRecovery()) await this.openComplaint(id, out)
    return out
  }

  /** The next invitation to send, decided under the customer's lock; decisions other than "send" are recorded here. */
  private async claimInvitation (out: LoopPass): Promise<InvitationRow | undefined> {
    const now = this.opts.now()
    for (;;) {
      const decided = await this.opts.db.transaction(async (tx) => {
        const row = (await tx.query<InvitationRow>(
          `SELECT * FROM cx_loop_invitation WHERE (state = 'scheduled' AND due_at <= $1) OR (state = 'sending' AND lease_until <= $1)
           ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`, [now], { name: 'cx-loop-invitation-claim' })).rows[0]
        if (row === undefined) return { done: true as const }
        const set = async (state: string, reason: string): Promise<void> => {
          await tx.query('UPDATE cx_loop_invitation SET state = $2, reason = $3 WHERE id = $1', [row.id, state, reason], { name: 'cx-loop-invitation-decide' })
        }
        if (row.state === 'sending') {
          // A lost lease (the replica died mid-call): finish what was decided, as a retry.
          await tx.query('UPDATE cx_loop_invitation SET lease_until = $2, attempts = attempts + 1 WHERE id = $1', [row.id, new Date(now.getTime() + LEASE_MS)])
          return { done: false as const, row: { ...row, attempts: row.attempts + 1 } }
        }
        if (now.getTime() - new Date(row.due_at).getTime() > LATE_LIMIT_MS) { await set('dropped', 'more than a day late'); out.cancelled++; return { done: false as const } }
        const survey = (await tx.query<{ status: string, doc: Doc }>('SELECT status, doc FROM cx_loop_survey WHERE id = $1', [row.survey_id])).rows[0]
        if (survey?.status !== 'active') { await set('cancelled', `survey ${row.survey_id} is not active`); out.cancelled++; return { done: false as const } }
        if (row.subject !== null) {
          const kind = row.subject['@referredType'] === 'ProductOrder' ? 'productOrder' : 'troubleTicket'
          const subject = (await tx.query<{ doc: Doc }>('SELECT doc FROM cx_entity WHERE kind = $1 AND id = $2', [kind, String(row.subject.id)])).rows[0]?.doc
          const state = String(subject?.status ?? subject?.state ?? '')
          if (WITHDRAWN_STATES.has(state)) { await set('cancelled', `the ${String(row.subject['@referredType'])} was ${state}`); out.cancelled++; return { done: false as const } }
        }
        if (row.follow_up_of === null) {
          await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOOP_CUSTOMER_LOCK_NS, row.customer_id])
          const days = loopSettingsOf(survey.doc).suppressionDays
          const recent = (await tx.query<{ id: string }>(
            `SELECT id FROM cx_loop_invitation WHERE customer_id = $1 AND id <> $2 AND follow_up_of IS NULL
               AND state IN ('sending', 'invited', 'answered', 'expired') AND sent_at > $3 LIMIT 1`,
            [row.customer_id, row.id, new Date(now.getTime() - days * DAY)])).rows[0]
          if (recent !== undefined) { await set('suppressed', `customer invited within ${days} days`); out.suppressed++; return { done: false as const } }
        }
        await tx.query("UPDATE cx_loop_invitation SET state = 'sending', sent_at = $2, lease_until = $3, attempts = attempts + 1 WHERE id = $1",
          [row.id, now, new Date(now.getTime() + LEASE_MS)], { name: 'cx-loop-invitation-sending' })
        return { done: false as const, row: { ...row, state: 'sending', sent_at: now, attempts: row.attempts + 1 } }
      })
      if (decided.done) return undefined
      if (decided.row !== undefined) return decided.row
    }
  }

  /** The customer as the read model knows it (TMF629 id, href, name), so loop records link to the same resource the 360 does. */
  private async customerRef (id: string): Promise<CustomerRefOf> {
    const doc = (await this.opts.db.query<{ doc: Doc }>("SELECT doc FROM cx_entity WHERE kind = 'customer' AND id = $1 AND NOT deleted", [id], { name: 'cx-loop-customer-ref' })).rows[0]?.doc
    return { id, ...(typeof doc?.href === 'string' ? { href: doc.href } : {}), ...(typeof doc?.name === 'string' ? { name: doc.name } : {}) }
  }

  private async invite (row: InvitationRow, out: LoopPass): Promise<void> {
    const { db, clients } = this.opts
    try {
      const complaint = row.follow_up_of === null
        ? undefined
        : (await db.query<{ doc: Doc }>('SELECT doc FROM cx_loop_recovery WHERE id = $1', [row.follow_up_of])).rows[0]?.doc.complaintTicket as Doc | undefined
      const body = invitationBody(row, await this.customerRef(row.customer_id), complaint)
      let created: Doc | undefined
      if (row.attempts > 1) {
        // An earlier attempt may have created it before its outcome was recorded.
        created = (await clients.findResponses({ 'survey.id': row.survey_id, 'relatedParty.partyOrPartyRole.id': row.customer_id })).find((r) => sameInvitation(r, body))
      }
      created ??= await clients.createResponse(body)
      const survey = (await db.query<{ doc: Doc }>('SELECT doc FROM cx_loop_survey WHERE id = $1', [row.survey_id])).rows[0]?.doc ?? { id: row.survey_id }
      const sent = row.sent_at ?? this.opts.now()
      await db.query("UPDATE cx_loop_invitation SET state = 'invited', response_id = $2, expires_at = $3, lease_until = NULL, reason = NULL WHERE id = $1 AND state = 'sending'",
        [row.id, String(created.id), new Date(new Date(sent).getTime() + loopSettingsOf(survey).expiryDays * DAY)], { name: 'cx-loop-invitation-sent' })
      out.invited++
    } catch (err) {
      await this.failed('invitation', row.id, row.attempts, err, out)
    }
  }

  /**
   * Records a failed call: a permanent refusal (4xx) or the last attempt fails for good; anything
   * else is retried after a back-off of 2^attempts minutes (at most an hour).
   */
  private async failed (what: 'invitation' | 'complaint', id: string, attempts: number, err: unknown, out: LoopPass): Promise<void> {
    const permanent = err instanceof LoopCallError && err.permanent
    const reason = (err as Error).message.slice(0, 500)
    this.opts.log.warn({ err, id }, `closed loop: ${what} ${permanent ? 'refused' : 'failed'}`)
    const giveUp = permanent || attempts >= MAX_ATTEMPTS
    if (giveUp) out.failed++
    const retryAt = new Date(this.opts.now().getTime() + Math.min(60, 2 ** attempts) * 60_000)
    if (what === 'invitation') {
      await this.opts.db.query(
        "UPDATE cx_loop_invitation SET state = $2, due_at = CASE WHEN $2 = 'scheduled' THEN $3 ELSE due_at END, lease_until = NULL, reason = $4 WHERE id = $1",
        [id, giveUp ? 'failed' : 'scheduled', retryAt, reason])
    } else {
      await this.opts.db.query("UPDATE cx_loop_recovery SET state = CASE WHEN $2 THEN 'failed' ELSE state END, lease_until = $3 WHERE id = $1 AND state = 'opening'",
        [id, giveUp, retryAt])
    }
  }

  private async claimExpiry (): Promise<{ id: string, response_id: string } | undefined> {
    const now = this.opts.now()
    return await this.opts.db.transaction(async (tx) => {
      const row = (await tx.query<{ id: string, response_id: string }>(
        `SELECT id, response_id FROM cx_loop_invitation WHERE state = 'invited' AND expires_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY expires_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`, [now], { name: 'cx-loop-expiry-claim' })).rows[0]
      if (row !== undefined) await tx.query('UPDATE cx_loop_invitation SET lease_until = $2 WHERE id = $1', [row.id, new Date(now.getTime() + LEASE_MS)])
      return row
    })
  }

  private async expire (row: { id: string, response_id: string }, out: LoopPass): Promise<void> {
    try {
      const response = await this.opts.clients.getResponse(row.response_id)
      let state = 'answered'
      if (response === undefined) state = 'expired'
      else if (response.status === 'invited') {
        await this.opts.clients.patchResponse(row.response_id, { status: 'expired', statusChangeReason: 'not answered before the invitation expired' })
        state = 'expired'
        out.expired++
      } else if (response.status === 'expired') state = 'expired'
      await this.opts.db.query("UPDATE cx_loop_invitation SET state = $2, lease_until = NULL WHERE id = $1 AND state = 'invited'", [row.id, state], { name: 'cx-loop-expiry-done' })
    } catch (err) {
      // Left invited: the next pass after the lease tries again.
      this.opts.log.warn({ err, id: row.id }, 'closed loop: expiry failed, will retry')
    }
  }

  /** The next recovery whose complaint ticket is to be created (recoveries seen too late are dropped on the way). */
  private async claimRecovery (): Promise<string | undefined> {
    const now = this.opts.now()
    for (;;) {
      const claimed = await this.opts.db.transaction(async (tx) => {
        const row = (await tx.query<{ id: string, doc: Doc }>(
          `SELECT id, doc FROM cx_loop_recovery WHERE state = 'opening' AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`, [now], { name: 'cx-loop-recovery-claim' })).rows[0]
        if (row === undefined) return { done: true as const }
        if (now.getTime() - Date.parse(String(row.doc.openedDate)) > LATE_LIMIT_MS) {
          // History seen late (a first back-fill): no call-back about an answer days old.
          await tx.query("UPDATE cx_loop_recovery SET state = 'dropped' WHERE id = $1", [row.id])
          return { done: false as const }
        }
        await tx.query('UPDATE cx_loop_recovery SET lease_until = $2, attempts = attempts + 1 WHERE id = $1', [row.id, new Date(now.getTime() + LEASE_MS)])
        return { done: false as const, id: row.id }
      })
      if (claimed.done) return undefined
      if (claimed.id !== undefined) return claimed.id
    }
  }

  private async openComplaint (id: string, out: LoopPass): Promise<void> {
    const { db, clients } = this.opts
    const row = (await db.query<{ doc: Doc, attempts: number }>('SELECT doc, attempts FROM cx_loop_recovery WHERE id = $1', [id])).rows[0]
    if (row === undefined) return
    try {
      let ticket: Doc | undefined
      if (row.attempts > 1) ticket = (await clients.findTickets({ 'externalIdentifier.id': recoveryMarker(id) }))[0]
      if (ticket === undefined) {
        const survey = (await db.query<{ doc: Doc }>('SELECT doc FROM cx_loop_survey WHERE id = $1', [String((row.doc.survey as Doc | undefined)?.id)])).rows[0]?.doc
        ticket = await clients.createTicket(complaintBody(row.doc, await this.customerRef(String((row.doc.customer as Doc).id)), complaintSeverity({ nps: row.doc.npsBefore as number | null, csat: row.doc.csatBefore as number | null }), survey))
        out.complaints++
      }
      const ref = { id: String(ticket.id), href: ticket.href, '@referredType': 'TroubleTicket' }
      // The ticket's own event may have moved the recovery on already: only an opening one changes here.
      await db.query(
        `UPDATE cx_loop_recovery SET state = CASE WHEN state = 'opening' THEN 'open' ELSE state END, ticket_id = $2,
           doc = CASE WHEN state = 'opening' THEN doc || jsonb_build_object('complaintTicket', $3::jsonb) ELSE doc END, lease_until = NULL
         WHERE id = $1`, [id, ref.id, JSON.stringify(ref)], { name: 'cx-loop-recovery-opened' })
    } catch (err) {
      await this.failed('complaint', id, row.attempts, err, out)
    }
  }
}
