import t from 'tap'
import { outboxCounts, seedCaller, storeKinds } from '@cx/test-kit'
import { customerSeed } from '../../suite/src/seed/customers.seed.ts'
import { SeedRefs } from '../../suite/src/seed/seed-refs.ts'
import { DemoClock } from '../../suite/src/seed/demo-clock.ts'
import { as, startCustomers, V5 } from './test-support.ts'

interface SeededCustomer { id: string, href: string, name: string, status: string, engagedParty: { id: string, '@referredType': string }, relatedParty: Array<{ role: string, partyOrPartyRole: { id: string } }>, statusChangeHistory: Array<{ status: string, statusChangeReason?: string }> }

for (const kind of storeKinds()) {
  t.test(`the demo customer seed on ${kind}`, async (t) => {
    const app = await startCustomers(t, kind)
    const calls: string[] = []
    // The same contract as the suite's seed runner: the HTTP surface, as the given principal.
    const call = seedCaller(app, (c) => calls.push(c))
    const refs = new SeedRefs()
    await customerSeed.run(call, refs, new DemoClock())
    const all = (await as(app, 'operator')({ method: 'GET', url: `${V5}/customer?sort=engagedParty.id&limit=100` })).json() as SeededCustomer[]

    t.test('the six customers of the story, each engaged as the party the other services name', async (t) => {
      t.same(all.map((c) => c.engagedParty.id), ['cust-001', 'cust-002', 'cust-003', 'cust-004', 'cust-005', 'cust-006'])
      t.same(all.map((c) => c.name), ['Ada Lovelace', 'Grace Hopper', 'Northwind Traders', 'Alan Turing', 'Contoso Ltd', 'Katherine Johnson'])
      t.same(all.map((c) => c.engagedParty['@referredType']), ['Individual', 'Individual', 'Organization', 'Individual', 'Organization', 'Individual'])
    })

    t.test('their lifecycles: five Active (one after a suspension), one still Validated', async (t) => {
      t.same(all.map((c) => c.status), ['Active', 'Active', 'Active', 'Active', 'Active', 'Validated'])
      const alan = all[3]
      t.same(alan?.statusChangeHistory.map((h) => h.status), ['Initialized', 'Validated', 'Active', 'Suspended', 'Active'])
      t.equal(alan?.statusChangeHistory[3]?.statusChangeReason, 'Invoice 2 months overdue')
      t.equal((await outboxCounts(app)).CustomerStateChangeEvent, 2 * 4 + 4 + 1, 'one CustomerStateChangeEvent per step')
    })

    t.test('each partner sees exactly the customers it serves', async (t) => {
      const seen = async (partner: string): Promise<string[]> =>
        ((await as(app, partner)({ method: 'GET', url: `${V5}/customer` })).json() as SeededCustomer[]).map((c) => c.engagedParty.id).sort()
      t.same(await seen('fibreco'), ['cust-001', 'cust-002', 'cust-003', 'cust-005'])
      t.same(await seen('fixit'), ['cust-001', 'cust-003'])
      t.same(await seen('streamplus'), ['cust-004', 'cust-006'])
      const katherine = all[5]
      t.same(katherine?.relatedParty.map((r) => [r.role, r.partyOrPartyRole.id]), [['partner', 'streamplus']], 'the partner that signed her up is named once')
    })

    t.test('later seeds link to each customer by its story party id: remembered, or found through the API', async (t) => {
      for (const c of all) {
        t.same(await refs.resolve('customer', c.engagedParty.id), { id: c.id, href: c.href, name: c.name }, `${c.engagedParty.id} is ${c.name}`)
      }
      const list = async (url: string): Promise<Array<Record<string, unknown>>> => (await as(app, 'operator')({ method: 'GET', url })).json()
      const grace = all[1]
      t.same(await customerSeed.finds?.customer?.(list, 'cust-002'), { id: grace?.id, href: grace?.href, name: 'Grace Hopper' })
      t.equal(await customerSeed.finds?.customer?.(list, 'cust-999'), undefined, 'an unknown key finds nothing')
    })

    t.test('the seed only used the HTTP surface, as the operator and as a partner', async (t) => {
      t.ok(calls.includes('streamplus POST'))
      t.equal(calls.filter((c) => c.endsWith('POST')).length, 6)
    })
  })
}
