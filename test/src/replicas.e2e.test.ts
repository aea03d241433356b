import t from 'tap'
import { devIssueToken } from '@cx/auth'
import { aTroubleTicket, freePort, TEST_AUTH } from '@cx/test-kit'
import { DIST_ENTRIES, startDist, waitReady } from './dist-process.ts'
import { freshDatabase } from './services.ts'

// Two replicas of the TMF621 service on one PostgreSQL, each its own process from dist/: the
// optimistic lock (ETag / If-Match, RFC 9110 §13.1.1) holds across them.

const V5 = '/tmf-api/troubleTicket/v5'

t.test('two replicas on one PostgreSQL: If-Match holds across them', async (t) => {
  const databaseUrl = await freshDatabase(t, 'ifmatch')
  const [portA, portB] = await Promise.all([freePort(), freePort()])
  const env = (port: number): Record<string, string> => ({
    CX_MODE: 'production', DATABASE_URL: databaseUrl, AUTH_JWT_SECRET: String(TEST_AUTH.hs256Secret), AUTH_ISSUER: String(TEST_AUTH.issuer), AUTH_AUDIENCE: String(TEST_AUTH.audience), HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info'
  })
  await Promise.all([
    startDist(t, DIST_ENTRIES.troubleTicket, env(portA), /Server listening at/, 'replica A'),
    startDist(t, DIST_ENTRIES.troubleTicket, env(portB), /Server listening at/, 'replica B')
  ])
  for (const port of [portA, portB]) await waitReady(`http://127.0.0.1:${port}/health/ready`)
  const token = await devIssueToken(TEST_AUTH, 'operator')
  const headers = { authorization: `Bearer ${token}` }
  const created = await fetch(`http://127.0.0.1:${portA}${V5}/troubleTicket`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(aTroubleTicket()) })
  const ticket = await created.json() as { id: string }
  const etag = created.headers.get('etag') ?? ''
  for (let round = 0; round < 10; round++) {
    const current = await fetch(`http://127.0.0.1:${portB}${V5}/troubleTicket/${ticket.id}`, { headers })
    const tag = current.headers.get('etag') ?? etag
    const statuses = await Promise.all([portA, portB].map(async (port, i) => (await fetch(`http://127.0.0.1:${port}${V5}/troubleTicket/${ticket.id}`, {
      method: 'PATCH', headers: { ...headers, 'content-type': 'application/merge-patch+json', 'if-match': tag }, body: JSON.stringify({ description: `round ${round} from ${i}` })
    })).status))
    t.same(statuses.sort(), [200, 412], `round ${round}: one write wins, the other gets 412`)
  }
  const final = await fetch(`http://127.0.0.1:${portA}${V5}/troubleTicket/${ticket.id}`, { headers })
  t.equal(final.headers.get('etag'), '"11"', 'ten rounds, ten writes after the create')
})
