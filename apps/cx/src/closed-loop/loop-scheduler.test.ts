import t, { type Test } from 'tap'
import { Queue, type ConnectionOptions } from 'bullmq'
import type { FastifyInstance } from 'fastify'
import { buildTmfServer } from '@cx/engine'
import { customerApi } from '@cx/customer'
import { productOrderApi } from '@cx/product-order'
import { troubleTicketApi } from '@cx/trouble-ticket'
import { slaApi } from '@cx/sla'
import { surveyApi } from '@cx/survey'
import { as, connectRedis, redisPrefix, serverTestOptions, TEST_REDIS_URL, until, type Caller } from '@cx/test-kit'
import { createCustomer, createTicket, cxTestOptions, patch, startCxWith, urlOf } from '../test-support.ts'
import type { CxAppOptions } from '../app.ts'
import { aTriggeredSurvey, invitationsAbout, responsesAbout, scheduled, TestClock } from './loop-test-support.ts'
import { loopJobId, loopQueueName } from './loop-scheduler.ts'

// The closed loop's delays on Redis (apps/cx/README.md "Closed loop", "Delays"): BullMQ delayed
// jobs wake a runner on time, across restarts and replicas; the table's claim keeps it once.

const HOUR = 3_600_000
const T0 = new Date('2026-03-02T09:00:00.000Z')

/** cx's clock: runs in real time from where it is set, so BullMQ delays (real ms) meet it. */
class RunningClock {
  private base = T0.getTime()
  private since = Date.now()
  readonly now = (): Date => new Date(this.base + Date.now() - this.since)
  /** From now on the clock reads `at`, and runs on. */
  set (at: number): void { this.base = at; this.since = Date.now() }
}

interface BullWorld { sources: FastifyInstance, cx: FastifyInstance, cxOptions: CxAppOptions, cxClock: RunningClock, src: Caller }

/**
 * The resource services on a fixed clock (every event happens at T0) and cx on PostgreSQL and
 * Redis with a running clock, a queue prefix of the test's own, and a poll an hour away: only a
 * job can end a delay within the test.
 */
async function bullWorld (t: Test): Promise<BullWorld> {
  const clock = new TestClock(T0)
  const sources = await buildTmfServer([customerApi, productOrderApi, troubleTicketApi, slaApi, surveyApi], { ...await serverTestOptions(t, 'postgres'), now: clock.now } as never)
  t.teardown(() => sources.close())
  await sources.listen({ port: 0, host: '127.0.0.1' })
  // Registered before cx starts, so its keys are deleted after cx has closed (teardowns run last first).
  const prefix = await redisPrefix(t)
  const cxClock = new RunningClock()
  const cxOptions = {
    ...await cxTestOptions(t, 'postgres', urlOf(sources), { loopPollMs: HOUR, loopQueuePrefix: prefix }),
    redisUrl: TEST_REDIS_URL,
    now: cxClock.now
  }
  const cx = await startCxWith(t, cxOptions)
  return { sources, cx, cxOptions, cxClock, src: as(sources, 'operator') }
}

/** The loop's queue of the world's database, read as an operator would (closed at teardown). */
async function loopQueue (t: Test, cx: FastifyInstance, prefix: string): Promise<Queue> {
  const connection = await connectRedis()
  const queue = new Queue(await loopQueueName(cx.db), { connection: connection as unknown as ConnectionOptions, prefix })
  t.teardown(async () => { await queue.close(); connection.disconnect() })
  return queue
}

/** A customer's resolved FixIt ticket (at T0), with the survey of `delayMinutes` after it; cx's clock set `leadMs` before the invitation is due. */
async function aResolvedTicket (w: BullWorld, leadMs: number): Promise<{ ticketId: string, due: number }> {
  await aTriggeredSurvey(w, 'After a repair', [{ eventType: 'TroubleTicketResolvedEvent', delayMinutes: 60 }])
  const ada = await createCustomer(w.src, 'Ada', ['fixit'])
  const ticket = await createTicket(as(w.sources, 'fixit'), ada.id, 'fixit')
  const due = T0.getTime() + 60 * 60_000
  w.cxClock.set(due - leadMs)
  await patch(w.src, ticket.href, { status: 'inProgress' })
  await patch(w.src, ticket.href, { status: 'resolved' })
  const [row] = await scheduled(w.cx, ticket.id)
  if (new Date(String(row?.due_at)).getTime() !== due) throw new Error(`due at ${String(row?.due_at)}, not ${new Date(due).toISOString()}`)
  return { ticketId: ticket.id, due }
}

/** The job that ends the delay of the ticket's invitation, once it is in the queue. */
async function dueJob (queue: Queue, invitationId: string, due: number): Promise<NonNullable<Awaited<ReturnType<Queue['getJob']>>>> {
  return await until(`the wake-up job of ${invitationId}`, async () => await queue.getJob(loopJobId('due', invitationId, due)) ?? undefined)
}

t.test('a delay ends on time by its BullMQ job, with the poll an hour away, on postgres', async (t) => {
  const w = await bullWorld(t)
  const prefix = String(w.cxOptions.cx.loopQueuePrefix)
  const queue = await loopQueue(t, w.cx, prefix)
  const { ticketId, due } = await aResolvedTicket(w, 4000)
  const [row] = await invitationsAbout(w.cx, ticketId)
  const invitationId = String(row?.id)

  const job = await dueJob(queue, invitationId, due)
  t.equal(await job.getState(), 'delayed', 'enqueued after the projection committed, delayed until due')
  t.same(await responsesAbout(w.src, ticketId), [], 'nobody invited before the delay is over')

  const response = await until('the invitation', async () => (await responsesAbout(w.src, ticketId))[0])
  const sent = (await w.cx.db.query<{ sent_at: Date, state: string }>('SELECT sent_at, state FROM cx_loop_invitation WHERE id = $1', [invitationId])).rows[0]
  t.ok(new Date(String(sent?.sent_at)).getTime() >= due, 'sent when due by cx\'s clock, not before')
  t.ok(new Date(String(sent?.sent_at)).getTime() < due + 30_000, 'and within seconds of it, though the poll is an hour away')
  t.equal(response?.status, 'invited')
  const done = await until('the job completed', async () => {
    const j = await queue.getJob(loopJobId('due', invitationId, due))
    return j !== undefined && await j.getState() === 'completed' ? j : undefined
  })
  t.match(done.returnvalue, { invited: 1 }, 'the pass the job ran created the invitation')

  const expires = await until('the invitation expiry time', async () => (await w.cx.db.query<{ expires_at: Date | null }>(
    "SELECT expires_at FROM cx_loop_invitation WHERE id = $1 AND state = 'invited'", [invitationId])).rows[0]?.expires_at ?? undefined)
  const expiry = await until('the expiry job', async () => await queue.getJob(loopJobId('expiry', invitationId, new Date(expires))) ?? undefined)
  t.equal(await expiry.getState(), 'delayed', 'the expiry has its wake-up job too')
})

t.test('a delay survives a restart of cx before it ends, and invites once, on postgres', async (t) => {
  const w = await bullWorld(t)
  const prefix = String(w.cxOptions.cx.loopQueuePrefix)
  const queue = await loopQueue(t, w.cx, prefix)
  const { ticketId, due } = await aResolvedTicket(w, 15_000)
  const invitationId = String((await invitationsAbout(w.cx, ticketId))[0]?.id)
  await dueJob(queue, invitationId, due)
  await w.cx.close()

  const cx = await startCxWith(t, w.cxOptions)
  t.ok(w.cxClock.now().getTime() < due, 'the new cx is up before the delay is over')
  t.equal((await invitationsAbout(cx, ticketId))[0]?.state, 'scheduled')
  await until('the invitation', async () => (await responsesAbout(w.src, ticketId))[0])
  t.equal((await invitationsAbout(cx, ticketId))[0]?.state, 'invited', 'the restarted cx sent it')
  const job = await dueJob(queue, invitationId, due)
  await until('the job completed', async () => await job.getState() === 'completed' ? true : undefined)
  t.match((await queue.getJob(String(job.id)))?.returnvalue, { invited: 1 }, 'on time, by the job the first cx added')
  await new Promise((resolve) => setTimeout(resolve, 1500))
  t.equal((await responsesAbout(w.src, ticketId)).length, 1, 'once')
})

t.test('two cx replicas on one database and Redis invite exactly once, on postgres', async (t) => {
  const w = await bullWorld(t)
  const prefix = String(w.cxOptions.cx.loopQueuePrefix)
  const second = await startCxWith(t, w.cxOptions)
  const queue = await loopQueue(t, w.cx, prefix)
  await until('both replicas working the queue', async () => await queue.getWorkersCount() >= 2 ? true : undefined)
  const { ticketId, due } = await aResolvedTicket(w, 6000)
  const invitationId = String((await invitationsAbout(w.cx, ticketId))[0]?.id)
  const job = await dueJob(queue, invitationId, due)

  await until('the invitation', async () => (await responsesAbout(w.src, ticketId))[0])
  await until('the job completed', async () => await job.getState() === 'completed' ? true : undefined)
  // Both replicas run passes on their wake-ups and the job; give a second one time to misbehave.
  await Promise.all([w.cx.closedLoop?.runDue(), second.closedLoop?.runDue()])
  await new Promise((resolve) => setTimeout(resolve, 1500))
  t.equal((await responsesAbout(w.src, ticketId)).length, 1, 'one SurveyResponse at the survey service')
  const rows = await invitationsAbout(second, ticketId)
  t.equal(rows.length, 1)
  t.equal(rows[0]?.state, 'invited')
  t.equal((await queue.getJobs(['completed', 'delayed', 'waiting', 'active'])).filter((j) => j.data.invitationId === invitationId && j.data.kind === 'due').length, 1,
    'one wake-up job for the invitation, whichever replicas added it')
})
