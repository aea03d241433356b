import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { devIssueToken } from '@cx/auth'
import { buildSuite } from './app.ts'
import { DEMO_PARTNERS } from './demo-parties.ts'
import { SUITE_APIS, SUITE_SEEDS } from './apis.ts'
import { runSeeds, type Seed } from './seed/seed-runner.ts'
import type { SeedRef } from './seed/seed-refs.ts'

t.test('the embedded suite serves every API on one port, seeded once, with the dev issuer', async (t) => {
  const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
  const app = await buildSuite({ ...opts, db: { dataDir: 'memory://' }, logger: false })
  t.teardown(() => app.close())

  for (const api of SUITE_APIS) {
    for (const version of api.versions) {
      for (const r of api.resources) {
        const res = await app.inject({ method: 'GET', url: `/tmf-api/${api.name}/${version}/${r.name}` })
        t.equal(res.statusCode, 200, `${api.name} ${version} ${r.name} answers anonymously as the operator`)
      }
    }
  }
  const tickets = await app.inject({ method: 'GET', url: '/tmf-api/troubleTicket/v5/troubleTicket' })
  // The story's 8 tickets, the history's 54 (3 partners × 6 months × 3, seed/history.seed.ts),
  // the SLA policing story's 3 (seed/sla-policing.seed.ts) and the outage story's 2: the outage and
  // Grace's ticket linked to it (seed/outages.seed.ts).
  t.equal(tickets.headers['x-total-count'], '67', 'demo tickets seeded')

  const token = await app.inject({
    method: 'POST',
    url: '/auth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials&client_id=${DEMO_PARTNERS[1].id}&client_secret=dev-secret`
  })
  t.equal(token.statusCode, 200)
  const auth = { authorization: `Bearer ${token.json().access_token as string}` }
  const mine = await app.inject({ method: 'GET', url: '/tmf-api/troubleTicket/v5/troubleTicket', headers: auth })
  t.equal(mine.headers['x-total-count'], '20', 'a demo partner sees only its own tickets (2 of the story, 18 of the history)')
  for (const ticket of mine.json() as Array<{ relatedParty: Array<{ partyOrPartyRole: { id: string } }> }>) {
    t.ok(ticket.relatedParty.some((rp) => rp.partyOrPartyRole.id === DEMO_PARTNERS[1].id))
  }
})

t.test('seeds run once per database; a seed added later still links to what earlier starts created', async (t) => {
  const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
  const { mkdtemp, rm } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'cx-suite-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  for (let start = 0; start < 2; start++) {
    const app = await buildSuite({ ...opts, db: { dataDir: dir }, logger: false })
    const res = await app.inject({ method: 'GET', url: '/tmf-api/troubleTicket/v5/troubleTicket' })
    t.equal(res.headers['x-total-count'], '67', `start ${start + 1}: still the 67 demo tickets`)
    if (start === 1) {
      // Nothing was created in this start: the later seed's links come from the finders (GET through the API).
      const linked: Record<string, SeedRef> = {}
      const later: Seed = {
        id: 'later-001',
        async run (_call, refs) {
          linked.customer = await refs.resolve('customer', 'cust-001')
          linked.troubleTicket = await refs.resolve('troubleTicket', 'ticket-ada-fibre-outage')
          linked.productOrder = await refs.resolve('productOrder', 'order-ada-fibre')
          await t.rejects(refs.resolve('customer', 'cust-999'), /no customer with the story key cust-999/)
        }
      }
      const ran = await runSeeds(app, [...SUITE_SEEDS, later], async (who) => await devIssueToken({ ...opts.auth, mode: 'embedded' }, who))
      t.same(ran, ['later-001'], 'only the new seed ran')
      const customer = (await app.inject({ method: 'GET', url: '/tmf-api/customerManagement/v5/customer?engagedParty.id=cust-001' })).json()[0]
      t.same(linked.customer, { id: customer.id, href: customer.href, name: 'Ada Lovelace' }, 'the TMF629 customer, by its story party id')
      for (const [kind, ref] of Object.entries(linked)) {
        const res = await app.inject({ method: 'GET', url: ref.href })
        t.equal(res.statusCode, 200, `${kind}: a real resource`)
        t.equal(res.json().id, ref.id)
      }
      t.equal((await app.inject({ method: 'GET', url: linked.productOrder?.href ?? '' })).json().description, 'Fibre 1 Gbps broadband with a Wi-Fi 6 router')
      t.equal((await app.inject({ method: 'GET', url: linked.troubleTicket?.href ?? '' })).json().description, 'Fibre link down after street works')
    }
    await app.close()
  }
})
