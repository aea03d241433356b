import type { FastifyInstance } from 'fastify'
import { customerParty, partnerParty } from '../demo-parties.ts'
import type { Seed } from './seed-runner.ts'

const SLA = '/tmf-api/slaManagement/v4/sla'
const SETTLEMENT = '/tmf-api/slaManagement/v4/slaSettlement'
const TT = '/tmf-api/troubleTicket/v5/troubleTicket'
const DAY = 86_400_000
const HOUR = 3_600_000

/** How far back the policing story starts, and the settled period's bounds (whole UTC days). */
const STORY_DAYS = 10
const dayStart = (d: Date): Date => new Date(Math.floor(d.getTime() / DAY) * DAY)

/**
 * The SLA policing story: FixIt's field-response SLA, in force for ten days, policed by the SLA
 * service on its own. Three of FixIt's tickets: one answered and fixed in time, one left
 * unacknowledged for three hours (then fixed), one still waiting. No violation is recorded here:
 * once the suite listens, the watcher back-fills the tickets, finds the breaches and raises them,
 * dated when they happened; settleDemoPeriod then freezes FixIt's penalties.
 */
export const slaPolicingSeed: Seed = {
  id: 'sla-policing-001',
  async run (call, refs, clock) {
    const start = new Date(dayStart(clock.now()).getTime() - STORY_DAYS * DAY + 8 * HOUR)
    await clock.during(start, async (advance) => {
      const sla = await call('POST', SLA, {
        '@type': 'Sla',
        name: 'FixIt field response SLA (policed)',
        version: '1.0',
        description: 'Technician tickets are acknowledged within 2 hours and resolved within 24 hours; breaches are detected by the SLA service',
        relatedParty: [{ ...partnerParty('fixit'), role: 'SLAProvider' }, { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'SLAConsumer', partyOrPartyRole: { '@type': 'PartyRef', id: 'csp', name: 'CX Suite CSP', '@referredType': 'Organization' } }],
        rule: [
          { '@type': 'SlaRule', id: 'field-tta', name: 'Acknowledge within 2 hours', metric: 'timeToAcknowledge', unit: 'hours', operator: '.le', referenceValue: 2, consequence: { '@type': 'SlaConsequence', penalty: { unit: 'EUR', value: 75 } } },
          { '@type': 'SlaRule', id: 'field-ttr', name: 'Resolve within 24 hours', metric: 'timeToResolve', unit: 'hours', operator: '.le', referenceValue: 24, consequence: { '@type': 'SlaConsequence', penalty: { unit: 'EUR', value: 250 } } }
        ]
      })
      await call('PATCH', String(sla.href), { state: 'approved' })
      await call('PATCH', String(sla.href), { state: 'active' })
      advance(DAY)
      const ticket = async (customer: 'cust-001' | 'cust-003', description: string): Promise<Record<string, unknown>> => await call('POST', TT, {
        '@type': 'TroubleTicket',
        name: description.slice(0, 40),
        description,
        severity: 'Major',
        ticketType: 'Incident',
        relatedParty: [customerParty(await refs.resolve('customer', customer)), partnerParty('fixit')]
      }, 'fixit')
      // In time: acknowledged after 30 minutes, resolved 5 hours later.
      const onTime = await ticket('cust-001', 'Wall socket loose after installation')
      advance(HOUR / 2)
      await call('PATCH', String(onTime.href), { status: 'inProgress' }, 'fixit')
      advance(5 * HOUR)
      await call('PATCH', String(onTime.href), { status: 'resolved' }, 'fixit')
      // Late: nobody looks at it for 3 hours (the acknowledgement breaches), resolved 2 hours later.
      advance(DAY)
      const late = await ticket('cust-003', 'Technician needed: office cabling fault')
      advance(3 * HOUR)
      await call('PATCH', String(late.href), { status: 'inProgress' }, 'fixit')
      advance(2 * HOUR)
      await call('PATCH', String(late.href), { status: 'resolved' }, 'fixit')
      // Forgotten: still acknowledged days later (both rules breach while it stays open).
      advance(DAY)
      await ticket('cust-001', 'Second line not working since the visit')
    })
  }
}

/**
 * The end of the policing story: once the watcher has caught up with the tickets (its first
 * back-fill) and fired what was overdue, FixIt's penalties of the story's days are frozen in a
 * settlement (once per database).
 */
export async function settleDemoPeriod (app: FastifyInstance, operatorToken: () => Promise<string>): Promise<void> {
  const id = 'seed-sla-policing-settlement'
  if ((await app.db.query('SELECT 1 FROM cx_migration WHERE id = $1', [id])).rows.length > 0) return
  if ((await app.db.query("SELECT 1 FROM cx_migration WHERE id = 'seed-sla-policing-001'")).rows.length === 0) return
  await app.slaFirstSync
  await app.slaWatcher?.tick()
  const end = dayStart(new Date())
  const token = await operatorToken()
  const res = await app.inject({
    method: 'POST',
    url: SETTLEMENT,
    headers: { authorization: `Bearer ${token}` },
    payload: { '@type': 'SlaSettlement', partner: { id: 'fixit', name: 'FixIt Field Services' }, periodStart: new Date(end.getTime() - (STORY_DAYS + 1) * DAY).toISOString(), periodEnd: end.toISOString() }
  })
  if (res.statusCode !== 201) throw new Error(`demo settlement: ${res.statusCode} ${res.body}`)
  await app.db.query('INSERT INTO cx_migration (id) VALUES ($1)', [id])
}
