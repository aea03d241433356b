import t from 'tap'
import { outboxCounts, seedCaller, storeKinds } from '@cx/test-kit'
import { slaSeed } from '../../suite/src/seed/slas.seed.ts'
import { standInRefs } from '../../suite/src/seed/seed-refs.ts'
import { DemoClock } from '../../suite/src/seed/demo-clock.ts'
import { as, SLA, startSla, VIOLATION } from './test-support.ts'

type Doc = Record<string, any>

for (const kind of storeKinds()) {
  t.test(`the SLA demo seed on ${kind}`, async (t) => {
    const app = await startSla(t, kind)
    // The same contract as the suite's seed runner: the HTTP surface, as operator or partner.
    const call = seedCaller(app)
    // The customers, tickets and orders stand in for the other services' (id = the story key).
    await slaSeed.run(call, standInRefs(), new DemoClock())
    const op = as(app, 'operator')
    const slas = (await op({ method: 'GET', url: `${SLA}?limit=100` })).json() as Doc[]
    const violations = (await op({ method: 'GET', url: `${VIOLATION}?limit=100` })).json() as Doc[]

    t.test('six SLAs with the demo partners as providers, in every lifecycle state', async (t) => {
      t.equal(slas.length, 6)
      const states = slas.map((s) => s.state).sort()
      t.same(states, ['active', 'active', 'active', 'active', 'draft', 'expired'])
      const providers = new Set(slas.flatMap((s) => s.relatedParty.filter((rp: Doc) => rp.role === 'SLAProvider').map((rp: Doc) => rp.partyOrPartyRole.id)))
      t.same([...providers].sort(), ['fibreco', 'fixit', 'streamplus'])
      const gold = slas.find((s) => s.name.includes('gold')) as Doc
      t.ok(gold.relatedParty.some((rp: Doc) => rp.role === 'EndUser' && rp.partyOrPartyRole.id === 'cust-005' && rp.partyOrPartyRole['@referredType'] === 'Customer'), 'the gold SLA is Contoso Ltd\'s')
      const metrics = new Set(slas.flatMap((s) => s.rule.map((r: Doc) => r.metric)))
      t.same([...metrics].sort(), ['availability', 'orderToActivation', 'timeToAcknowledge', 'timeToResolve'])
      t.ok(slas.filter((s) => s.state === 'active').every((s) => s.approvalDate !== undefined))
    })

    t.test('seven violations of the ticket and order story, at every stage of their lifecycle', async (t) => {
      t.equal(violations.length, 7)
      t.same(violations.map((v) => v.state).sort(), ['accepted', 'acknowledged', 'detected', 'disputed', 'disputed', 'settled', 'settled'])
      const customers = new Set(violations.map((v) => v.relatedParty.find((rp: Doc) => rp.role === 'customer')?.partyOrPartyRole.id))
      t.same([...customers].sort(), ['cust-001', 'cust-002', 'cust-003', 'cust-004', 'cust-005'])
      const customerRefs = violations.map((v) => v.relatedParty.find((rp: Doc) => rp.role === 'customer')?.partyOrPartyRole)
      t.ok(customerRefs.every((c) => c['@referredType'] === 'Customer' && c.href === `/tmf-api/customerManagement/v5/customer/${String(c.id)}`), 'each names the TMF629 customer (id and href)')
      const measured = violations.map((v) => v.relatedEntity.filter((re: Doc) => re.role === 'breachedBy').map((re: Doc) => `${String(re.entity['@referredType'])} ${String(re.entity.id)}`))
      t.ok(measured.every((m) => m.length === 1), 'each links the one ticket or order it was measured on')
      t.same(measured.flat().sort(), [
        'ProductOrder order-alan-sports-hd', 'ProductOrder order-contoso-business-fibre', 'ProductOrder order-northwind-onsite-install',
        'TroubleTicket ticket-ada-fibre-outage', 'TroubleTicket ticket-contoso-site-offline', 'TroubleTicket ticket-grace-evening-drops', 'TroubleTicket ticket-northwind-missed-visit'
      ])
      const fibreLink = violations.find((v) => v.description.includes('Fibre link down')) as Doc
      t.same([fibreLink.referenceValue, fibreLink.unit, fibreLink.tolerance, fibreLink.consequence.penalty.value], [8, 'hours', 0.5, 500], 'agreed values come from the rule')
      const disputed = violations.find((v) => v.description.includes('Business fibre 10 Gbps')) as Doc
      t.equal(disputed.stateChangeHistory.at(-1).stateChangeReason, 'Civil works permit delayed by the city: force majeure')
    })

    t.test('penalties apportioned per responsible partner; each partner sees only its own', async (t) => {
      const penalties: Record<string, number> = {}
      for (const v of violations) {
        const partner = v.relatedParty.find((rp: Doc) => rp.role === 'SLAProvider').partyOrPartyRole.id as string
        penalties[partner] = (penalties[partner] ?? 0) + Number(v.consequence.penalty.value)
      }
      t.same(penalties, { fibreco: 500 + 200 + 250 + 2000, fixit: 100 + 150, streamplus: 300 })
      const fibreco = as(app, 'fibreco')
      t.equal((await fibreco({ method: 'GET', url: SLA })).headers['x-total-count'], '3')
      t.equal((await fibreco({ method: 'GET', url: VIOLATION })).headers['x-total-count'], '4')
      t.equal((await as(app, 'streamplus')({ method: 'GET', url: VIOLATION })).headers['x-total-count'], '1')
      t.equal((await outboxCounts(app)).SlaViolationCreateEvent, 7, 'the seed went through the API: every violation has its event')
    })
  })
}
