import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { buildSuite } from './app.ts'
import { SUITE_APIS } from './apis.ts'
import { DEMO_PARTNERS } from './demo-parties.ts'

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
  t.equal(tickets.headers['x-total-count'], '8', 'demo tickets seeded')

  const token = await app.inject({
    method: 'POST',
    url: '/auth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials&client_id=${DEMO_PARTNERS[1].id}&client_secret=dev-secret`
  })
  t.equal(token.statusCode, 200)
  const auth = { authorization: `Bearer ${token.json().access_token as string}` }
  const mine = await app.inject({ method: 'GET', url: '/tmf-api/troubleTicket/v5/troubleTicket', headers: auth })
  t.equal(mine.headers['x-total-count'], '2', 'a demo partner sees only its own tickets')
  for (const ticket of mine.json() as Array<{ relatedParty: Array<{ partyOrPartyRole: { id: string } }> }>) {
    t.ok(ticket.relatedParty.some((rp) => rp.partyOrPartyRole.id === DEMO_PARTNERS[1].id))
  }
})

t.test('seeds run once per database', async (t) => {
  const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
  const { mkdtemp, rm } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'cx-suite-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  for (let start = 0; start < 2; start++) {
    const app = await buildSuite({ ...opts, db: { dataDir: dir }, logger: false })
    const res = await app.inject({ method: 'GET', url: '/tmf-api/troubleTicket/v5/troubleTicket' })
    t.equal(res.headers['x-total-count'], '8', `start ${start + 1}: still the 8 demo tickets`)
    await app.close()
  }
})
