import t from 'tap'
import { aPartyRef, aTroubleTicket, callAbout, callsBeforeMarker, MERGE_PATCH, resourceIdOf, startListener, storeKinds } from '@cx/test-kit'
import { as, startTroubleTickets, V5 } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`partner scope on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const a = as(app, 'partner-a')
    const b = as(app, 'partner-b')
    const op = as(app, 'operator')

    const listenerB = await startListener(t)
    const listenerA = await startListener(t)
    t.equal((await b({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listenerB.url } })).statusCode, 201)
    t.equal((await a({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listenerA.url } })).statusCode, 201)

    const created = await a({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })
    t.equal(created.statusCode, 201)
    const ticket = created.json()

    t.test('the creating partner is added as a related party with role partner', async (t) => {
      const partner = ticket.relatedParty.find((rp: { role: string }) => rp.role === 'partner')
      t.equal(partner.partyOrPartyRole.id, 'partner-a')
    })

    t.test('partner B cannot read, list, patch or delete partner A\'s ticket', async (t) => {
      t.equal((await b({ method: 'GET', url: ticket.href })).statusCode, 404)
      const list = await b({ method: 'GET', url: `${V5}/troubleTicket` })
      t.same(list.json(), [])
      t.equal(list.headers['x-total-count'], '0')
      const patch = await b({ method: 'PATCH', url: ticket.href, headers: MERGE_PATCH, payload: { severity: 'Critical' } })
      t.equal(patch.statusCode, 404)
      t.equal((await a({ method: 'GET', url: ticket.href })).json().severity, 'Major')
      const filtered = await b({ method: 'GET', url: `${V5}/troubleTicket?id=${ticket.id}` })
      t.same(filtered.json(), [], 'a filter cannot reach outside the scope')
    })

    t.test('partner A sees its own; the operator sees everything', async (t) => {
      t.equal((await a({ method: 'GET', url: ticket.href })).statusCode, 200)
      const mine = await b({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ relatedParty: [aPartyRef('customer', 'c7')] }) })
      t.equal(mine.statusCode, 201)
      t.equal((await a({ method: 'GET', url: `${V5}/troubleTicket` })).headers['x-total-count'], '1')
      t.equal((await op({ method: 'GET', url: `${V5}/troubleTicket` })).headers['x-total-count'], '2')
    })

    t.test('a partner may not drop itself from relatedParty', async (t) => {
      const res = await a({ method: 'PATCH', url: ticket.href, headers: MERGE_PATCH, payload: { relatedParty: [aPartyRef('customer', 'c1')] } })
      t.equal(res.statusCode, 403)
      t.match(res.json(), { '@type': 'Error', code: 'ERR403', message: /remove itself/ })
      t.equal((await op({ method: 'GET', url: ticket.href })).json().relatedParty.some((rp: { partyOrPartyRole: { id: string } }) => rp.partyOrPartyRole.id === 'partner-a'), true, 'the partner is still named')
    })

    t.test('partner B is not notified about partner A\'s ticket', async (t) => {
      t.ok((await listenerA.waitFor(1)).some(callAbout(ticket.id, 'TroubleTicketCreateEvent')), 'A hears about its ticket')
      const heardByB = await callsBeforeMarker(app.db, listenerB, async () => {
        const own = (await b({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
        return callAbout(own.id, 'TroubleTicketCreateEvent')
      })
      t.notOk(heardByB.some(callAbout(ticket.id)), 'nothing about A\'s ticket')
      t.ok(heardByB.length >= 1, 'B got the event about its earlier ticket')
      for (const id of new Set(heardByB.map(resourceIdOf))) {
        t.equal((await b({ method: 'GET', url: `${V5}/troubleTicket/${String(id)}` })).statusCode, 200, `B was told about ${String(id)}, which it may read`)
      }
    })

    t.test('a partner lists, reads and deletes only its own subscriptions', async (t) => {
      const mine = (await b({ method: 'GET', url: `${V5}/hub` })).json() as Array<{ id: string, callback: string }>
      t.same(mine.map((h) => h.callback), [listenerB.url])
      const ofA = (await a({ method: 'GET', url: `${V5}/hub` })).json() as Array<{ id: string }>
      const hubOfA = ofA[0]?.id ?? ''
      t.equal((await b({ method: 'GET', url: `${V5}/hub/${hubOfA}` })).statusCode, 404)
      t.equal((await b({ method: 'DELETE', url: `${V5}/hub/${hubOfA}` })).statusCode, 404)
      t.equal((await a({ method: 'GET', url: `${V5}/hub/${hubOfA}` })).statusCode, 200, 'still there for its owner')
      t.equal(((await op({ method: 'GET', url: `${V5}/hub` })).json() as unknown[]).length, 2, 'the operator sees all')
    })

    t.test('without a token a production server answers 401', async (t) => {
      const res = await app.inject({ method: 'GET', url: `${V5}/troubleTicket` })
      t.equal(res.statusCode, 401)
      t.equal(res.json()['@type'], 'Error')
      t.match(res.json(), { code: 'ERR401', status: '401' })
      const forged = await app.inject({ method: 'GET', url: `${V5}/troubleTicket`, headers: { authorization: 'Bearer abc.def.ghi' } })
      t.equal(forged.statusCode, 401)
      t.match(forged.json(), { '@type': 'Error', code: 'ERR401' })
    })
  })
}
