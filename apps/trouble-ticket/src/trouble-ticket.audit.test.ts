import t from 'tap'
import { aTroubleTicket, startListener, storeKinds, until, type Caller } from '@cx/test-kit'
import { as, mergePatch, startTroubleTickets, V5 } from './test-support.ts'

const AUDIT = '/tmf-api/audit/v1/auditRecord'

interface AuditRecord {
  id: string
  action: string
  actor: string
  partnerId: string | null
  requestId: string | null
  api: string
  recordedAt: string
  resource: { id: string, href?: string, '@referredType': string }
  diff: Array<Record<string, unknown>>
}

async function recordsAbout (op: Caller, resourceId: string): Promise<AuditRecord[]> {
  const res = await op({ url: `${AUDIT}?resource.id=${encodeURIComponent(resourceId)}&sort=recordedAt` })
  if (res.statusCode !== 200) throw new Error(`audit list: ${res.statusCode} ${res.body}`)
  return res.json()
}

for (const kind of storeKinds()) {
  t.test(`audit trail on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')
    const partner = as(app, 'fibernet')

    t.test('create, patch and delete are recorded with actor, partner, request id and a JSON Patch', async (t) => {
      const created = await partner({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ severity: 'Minor' }), headers: { 'x-request-id': 'audit-create-1' } })
      t.equal(created.statusCode, 201)
      const { id, href } = created.json()
      t.equal((await mergePatch(partner, href, { severity: 'Critical' }, { 'x-request-id': 'audit-patch-1' })).statusCode, 200)
      // Refused changes leave no record: the record shares the change's transaction.
      t.equal((await mergePatch(partner, href, { severity: 'Critical' }, { 'if-match': '"1"' })).statusCode, 412)
      t.equal((await mergePatch(partner, href, { status: 'closed' })).statusCode, 409)
      t.equal((await op({ method: 'DELETE', url: href, headers: { 'x-request-id': 'audit-delete-1' } })).statusCode, 204)

      const records = await recordsAbout(op, id)
      t.same(records.map((r) => r.action), ['create', 'patch', 'delete'])
      const [create, patch, remove] = records as [AuditRecord, AuditRecord, AuditRecord]
      t.match(create, { actor: 'fibernet', partnerId: 'fibernet', requestId: 'audit-create-1', api: 'troubleTicket', resource: { id, href, '@referredType': 'TroubleTicket' } })
      t.match(create.diff, [{ op: 'add', path: '', value: { id, severity: 'Minor' } }])
      t.match(patch, { actor: 'fibernet', partnerId: 'fibernet', requestId: 'audit-patch-1' })
      t.ok(patch.diff.some((d) => d.op === 'replace' && d.path === '/severity' && d.value === 'Critical'), 'the diff names the changed attribute')
      t.notOk(patch.diff.some((d) => d.path === '/description'), 'and nothing that did not change')
      t.match(remove, { actor: 'operator', partnerId: null, requestId: 'audit-delete-1', diff: [{ op: 'replace', path: '', value: null, previous: { id, severity: 'Critical' } }] })
      t.ok(Date.parse(create.recordedAt) <= Date.parse(remove.recordedAt))
    })

    t.test('hub subscription changes are recorded without the secret', async (t) => {
      const listener = await startListener(t)
      const sub = await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listener.url, secret: 'hub-secret-never-recorded' }, headers: { 'x-request-id': 'audit-sub' } })
      t.equal(sub.statusCode, 201)
      const hubId = sub.json().id as string
      t.equal((await op({ method: 'DELETE', url: `${V5}/hub/${hubId}`, headers: { 'x-request-id': 'audit-unsub' } })).statusCode, 204)
      const records = await recordsAbout(op, hubId)
      t.same(records.map((r) => [r.action, r.requestId, r.resource['@referredType']]), [['subscribe', 'audit-sub', 'Hub'], ['unsubscribe', 'audit-unsub', 'Hub']])
      t.notMatch(JSON.stringify(records), /hub-secret-never-recorded/)
      t.match(records[0]?.diff, [{ op: 'add', path: '', value: { callback: listener.url, signed: true } }])
    })

    t.test('a dead-letter replay is recorded', async (t) => {
      const failing = await startListener(t, 500)
      const hubId = (await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: failing.url, query: 'eventType=TroubleTicketCreateEvent' } })).json().id as string
      await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })
      await until('a dead letter', async () => {
        const res = await op({ url: `${V5}/hub/deadLetter?subscriptionId=${hubId}` })
        return res.json().length === 1 ? true : undefined
      })
      failing.respondWith = () => 204
      const replay = await op({ method: 'POST', url: `${V5}/hub/deadLetter/replay`, payload: { subscriptionId: hubId }, headers: { 'x-request-id': 'audit-replay' } })
      t.equal(replay.statusCode, 202)
      const records = await recordsAbout(op, hubId)
      const replayed = records.find((r) => r.action === 'replay')
      t.match(replayed, { actor: 'operator', requestId: 'audit-replay', resource: { id: hubId, '@referredType': 'Hub' } })
      t.equal((replayed?.diff[0]?.value as { replayedDeliveries?: unknown[] } | undefined)?.replayedDeliveries?.length, 1)
    })

    t.test('operators query it as a TMF630 list; partners get 403; it is read-only', async (t) => {
      const page = await op({ url: `${AUDIT}?action=create&actor=fibernet&fields=action,requestId&limit=1` })
      t.equal(page.statusCode, 200)
      t.equal(page.headers['x-result-count'], '1')
      t.match(page.json(), [{ action: 'create', requestId: 'audit-create-1' }])
      const one = page.json()[0] as { id: string }
      t.equal((await op({ url: `${AUDIT}/${one.id}` })).statusCode, 200)
      t.match((await partner({ url: AUDIT })).json(), { '@type': 'Error', status: '403' })
      t.equal((await partner({ url: AUDIT })).statusCode, 403)
      t.equal((await partner({ url: `${AUDIT}/${one.id}` })).statusCode, 403)
      for (const method of ['POST', 'PATCH', 'DELETE'] as const) {
        const url = method === 'POST' ? AUDIT : `${AUDIT}/${one.id}`
        t.equal((await op({ method, url, payload: {} })).statusCode, 405, `${method} is not allowed`)
      }
    })
  })
}
