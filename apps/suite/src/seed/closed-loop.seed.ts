import { setTimeout as sleep } from 'node:timers/promises'
import type { Seed, SeedCall } from './seed-runner.ts'
import type { SeedRefs } from './seed-refs.ts'

const SURVEYS = '/tmf-api/customerSatisfaction/v1/survey'
const RESPONSES = '/tmf-api/customerSatisfaction/v1/surveyResponse'
const TICKETS = '/tmf-api/troubleTicket/v5/troubleTicket'
/** How long the demo's people wait for cx to play its part before they give up (cx back-fills first). */
const PATIENCE_MS = 15 * 60_000
const POLL_MS = 2000

type Doc = Record<string, unknown>
// The runner's call is app.inject under the caller's token: it serves GET as well.
type Get = (method: 'GET', url: string, payload: undefined) => Promise<unknown>

/**
 * One full closed loop in the demo story (apps/cx README "Closed loop"). Northwind Traders
 * (cust-003) answered the "After a repair" survey with NPS 2 / CSAT 1 (surveys seed): once the
 * suite listens, cx opens a Critical complaint ticket for it. This seed makes the survey's
 * follow-up go out as soon as a complaint is resolved (`followUpDelayMinutes: 0`) and plays the
 * two people cx cannot: FixIt's care agent, who works the complaint and resolves it, and the
 * customer, who answers the follow-up (NPS 8). Their part runs in the background while cx works,
 * on the first start only (seeds run once per database); Ada Lovelace's detractor answer is left
 * with its recovery open, so the 360 shows both.
 */
export const closedLoopSeed: Seed = {
  id: 'closed-loop-001',
  async run (call, refs) {
    const [afterRepair] = await list(call, `${SURVEYS}?name=${encodeURIComponent('After a repair')}`)
    if (afterRepair === undefined) throw new Error('seed: the "After a repair" survey (surveys seed) is missing')
    await call('PATCH', String(afterRepair.href), { followUpDelayMinutes: 0 })
    // Not awaited: the people act once cx has (after the suite listens); failures only shorten the story.
    playNorthwindRecovery(call, refs).catch(() => undefined)
  }
}

async function list (call: SeedCall, url: string): Promise<Doc[]> {
  return await (call as unknown as Get)('GET', url, undefined) as Doc[]
}

/** Polls `url` until it lists something; undefined after PATIENCE_MS. Timers do not keep the process up. */
async function first (call: SeedCall, url: string): Promise<Doc | undefined> {
  const deadline = Date.now() + PATIENCE_MS
  while (Date.now() < deadline) {
    const [found] = await list(call, url)
    if (found !== undefined) return found
    await sleep(POLL_MS, undefined, { ref: false })
  }
  return undefined
}

async function playNorthwindRecovery (call: SeedCall, refs: SeedRefs): Promise<void> {
  const northwind = await refs.resolve('customer', 'cust-003')
  // The care agent finds the complaint cx opened, calls the customer back and puts it right.
  const complaint = await first(call, `${TICKETS}?ticketType=Complaint&relatedParty.partyOrPartyRole.id=${northwind.id}&relatedEntity.role=surveyResponse`)
  if (complaint === undefined) return
  await call('PATCH', String(complaint.href), { status: 'inProgress', statusChangeReason: 'called the customer back' })
  await call('PATCH', String(complaint.href), {
    status: 'resolved',
    statusChangeReason: 'installation rebooked at a time the customer chose, visit fee refunded'
  })
  // The customer answers the follow-up cx sends once the complaint is resolved.
  const followUp = await first(call, `${RESPONSES}?relatedEntity.entity.id=${String(complaint.id)}&status=invited`)
  if (followUp === undefined) return
  await call('PATCH', String(followUp.href), {
    status: 'completed',
    answer: [
      { '@type': 'SurveyAnswer', questionId: 'nps', value: 8 },
      { '@type': 'SurveyAnswer', questionId: 'csat', value: 4 },
      { '@type': 'SurveyAnswer', questionId: 'ces', value: 3 },
      { '@type': 'SurveyAnswer', questionId: 'better', value: 'Thanks for calling back; the new technician was on time.' }
    ]
  })
}
