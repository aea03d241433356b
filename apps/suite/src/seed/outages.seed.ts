import { customerParty, partnerParty } from '../demo-parties.ts'
import { storyKeyOf } from './seed-refs.ts'
import type { Seed } from './seed-runner.ts'

const TT = '/tmf-api/troubleTicket/v5/troubleTicket'
const HOUR = 3_600_000

/**
 * The outage chapter of the demo story (issue 15): FibreCo's ducts are flooded in Plymouth and
 * Manchester. cx resolves the affected customers from its read model (Grace in Plymouth by city,
 * Contoso's office by postcode), messages them over their preferred medium (e-mail) through
 * TMF681, and links the ticket Grace opens during the outage to it. That ticket is also her second
 * about evening drop-outs while the first is still open: the trouble-ticket service threads it as
 * a repeat contact, which her 360 shows in its churn reasons and journey.
 */
export const outageSeed: Seed = {
  id: 'outages-001',
  async run (call, refs, clock) {
    const now = clock.now()
    await call('POST', TT, {
      '@type': 'CxOutage',
      '@baseType': 'TroubleTicket',
      name: 'Flooded ducts in Plymouth and Manchester',
      description: 'Storm water flooded FibreCo ducts; fibre broadband is down for customers fed from them',
      severity: 'Critical',
      ticketType: 'Outage',
      expectedResolutionDate: new Date(now.getTime() + 6 * HOUR).toISOString(),
      impact: { '@type': 'OutageImpact', place: [{ city: 'Plymouth', country: 'GB' }, { postCode: 'M1 3BN' }] },
      externalIdentifier: [storyKeyOf('outage-flooded-ducts')],
      relatedParty: [partnerParty('fibreco')]
    }, 'operator')
    const grace = await refs.resolve('customer', 'cust-002')
    await call('POST', TT, {
      '@type': 'TroubleTicket',
      name: 'Broadband dropping again',
      description: 'Broadband drops every evening, again, and now it is down completely',
      severity: 'Major',
      ticketType: 'Incident',
      externalIdentifier: [storyKeyOf('ticket-grace-repeat')],
      relatedParty: [customerParty(grace), partnerParty('fibreco')]
    }, 'fibreco')
  }
}
