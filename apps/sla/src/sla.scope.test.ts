import t from 'tap'
import { aPartyRef, callAbout, callsBeforeMarker, resourceIdOf, startListener, storeKinds, type Listener } from '@cx/test-kit'
import { anSla, as, aViolation, createSla, createViolation, MERGE, ROOT, SLA, startSla, VIOLATION } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF623 partner scope on ${kind}`, async (t) => {
    const app = await startSla(t, kind)
    const op = as(app, 'operator')
    const a = as(app, 'partner-a')
    const b = as(app, 'partner-b')
    const c = as(app, 'partner-c')

    const listenerA = await startListener(t)
    const listenerB = await startListener(t)
    t.equal((await a({ method: 'POST', url: `${ROOT}/hub`, payload: { '@type': 'Hub', callback: listenerA.url } })).statusCode, 201)
    t.equal((await b({ method: 'POST', url: `${ROOT}/hub`, payload: { '@type': 'Hub', callback: listenerB.url } })).statusCode, 201)

    // partner-a is held to slaA; partner-c consumes it (e.g. a reseller); partner-b has its own SLA.
    const slaA = await createSla(op, anSla({ relatedParty: [aPartyRef('SLAProvider', 'partner-a', 'BusinessPartner'), aPartyRef('SLAConsumer', 'partner-c', 'BusinessPartner')] }))
    const slaB = await createSla(op, anSla({ name: 'Content SLA' }, 'partner-b'))
    const violationA = await createViolation(op, String(slaA.id))

    t.test('a partner sees the SLAs it is provider or consumer of, and no others', async (t) => {
      t.same((await a({ method: 'GET', url: SLA })).json().map((s: { id: string }) => s.id), [slaA.id])
      t.same((await c({ method: 'GET', url: SLA })).json().map((s: { id: string }) => s.id), [slaA.id], 'the consumer too')
      t.same((await b({ method: 'GET', url: SLA })).json().map((s: { id: string }) => s.id), [slaB.id])
      t.equal((await b({ method: 'GET', url: String(slaA.href) })).statusCode, 404)
      t.same((await b({ method: 'GET', url: `${SLA}?id=${String(slaA.id)}` })).json(), [], 'a filter cannot reach outside the scope')
      t.equal((await op({ method: 'GET', url: SLA })).headers['x-total-count'], '2', 'the operator sees everything')
    })

    t.test('the responsible partner sees its violations; another partner does not', async (t) => {
      t.equal((await a({ method: 'GET', url: String(violationA.href) })).statusCode, 200)
      t.equal((await b({ method: 'GET', url: String(violationA.href) })).statusCode, 404)
      const list = await b({ method: 'GET', url: VIOLATION })
      t.same(list.json(), [])
      t.equal(list.headers['x-total-count'], '0')
    })

    t.test('only the operator writes SLAs and records violations', async (t) => {
      // Naming only itself, so what refuses it is the operator-only rule, not the write-scope one.
      const created = await a({ method: 'POST', url: SLA, payload: anSla({ relatedParty: [aPartyRef('SLAProvider', 'partner-a', 'BusinessPartner')] }) })
      t.equal(created.statusCode, 403)
      t.equal(created.json().code, 'ERR403')
      t.equal((await a({ method: 'PATCH', url: String(slaA.href), headers: MERGE, payload: { description: 'relaxed' } })).statusCode, 403)
      t.equal((await a({ method: 'PATCH', url: String(slaA.href), headers: MERGE, payload: { state: 'terminated' } })).statusCode, 403)
      t.equal((await b({ method: 'PATCH', url: String(slaA.href), headers: MERGE, payload: { description: 'x' } })).statusCode, 404, 'out of scope is not found')
      t.equal((await a({ method: 'POST', url: VIOLATION, payload: aViolation(String(slaA.id)) })).statusCode, 403)
      t.equal((await a({ method: 'DELETE', url: String(violationA.href) })).statusCode, 403)
      const rows = await app.db.query('SELECT 1 FROM sla')
      t.equal(rows.rows.length, 2, 'nothing was written')
      t.equal((await op({ method: 'GET', url: String(slaA.href) })).json().state, 'active')
    })

    t.test('the responsible partner acknowledges and disputes or accepts; only the operator settles', async (t) => {
      const v = await createViolation(op, String(slaA.id))
      const href = String(v.href)
      const ack = await a({ method: 'PATCH', url: href, headers: MERGE, payload: { state: 'acknowledged' } })
      t.equal(ack.statusCode, 200)
      const dispute = await a({ method: 'PATCH', url: href, headers: MERGE, payload: { state: 'disputed', stateChangeReason: 'the customer was not on site', note: [{ '@type': 'Note', author: 'partner-a', text: 'see the technician report' }] } })
      t.equal(dispute.statusCode, 200)
      t.equal(dispute.json().stateChangeHistory.at(-1).stateChangeReason, 'the customer was not on site')
      t.equal(dispute.json().note[0].text, 'see the technician report')
      const settle = await a({ method: 'PATCH', url: href, headers: MERGE, payload: { state: 'settled' } })
      t.equal(settle.statusCode, 403)
      t.match(settle.json().message, 'only the operator may move an SlaViolation to settled')
      const waive = await a({ method: 'PATCH', url: href, headers: MERGE, payload: { consequence: { penalty: { unit: 'EUR', value: 0 } } } })
      t.equal(waive.statusCode, 403, 'a partner cannot change its penalty')
      t.match(waive.json().message, 'not consequence')
      t.equal((await c({ method: 'PATCH', url: href, headers: MERGE, payload: { state: 'accepted' } })).statusCode, 404, 'the SLA consumer is not a party to the violation')
      t.equal((await op({ method: 'PATCH', url: href, headers: MERGE, payload: { state: 'settled' } })).statusCode, 200)
      const stored = (await op({ method: 'GET', url: href })).json()
      t.same(stored.stateChangeHistory.map((h: { state: string }) => h.state), ['detected', 'acknowledged', 'disputed', 'settled'])
      t.equal(stored.consequence.penalty.value, 500)
    })

    t.test('partners are notified only about their own SLAs and violations', async (t) => {
      // A marker per partner: a violation of its own SLA, recorded after everything above.
      const heardBy = async (listener: Listener, slaId: unknown): Promise<Set<string>> => {
        const calls = await callsBeforeMarker(app.db, listener, async () => callAbout(String((await createViolation(op, String(slaId))).id), 'SlaViolationCreateEvent'))
        return new Set(calls.map((c) => resourceIdOf(c) ?? ''))
      }
      const seenByB = await heardBy(listenerB, slaB.id)
      t.ok(seenByB.has(String(slaB.id)))
      t.notOk(seenByB.has(String(slaA.id)))
      t.notOk(seenByB.has(String(violationA.id)))
      const seenByA = await heardBy(listenerA, slaA.id)
      t.ok(seenByA.has(String(slaA.id)))
      t.ok(seenByA.has(String(violationA.id)))
      t.notOk(seenByA.has(String(slaB.id)))
      for (const id of seenByB) t.equal((await b({ method: 'GET', url: `${ROOT}/${id === String(slaB.id) ? 'sla' : 'slaViolation'}/${id}` })).statusCode, 200, `B may read ${id}, which it heard about`)
    })

    t.test('without a token a production server answers 401', async (t) => {
      const res = await app.inject({ method: 'GET', url: SLA })
      t.equal(res.statusCode, 401)
      t.equal(res.json()['@type'], 'Error')
    })
  })
}
