import t from 'tap'
import { aTroubleTicket, MERGE_PATCH, outboxTypes, storeKinds } from '@cx/test-kit'
import { as, startTroubleTickets, V5 } from './test-support.ts'

// Behaviour behind switches and failure paths, on both engines.
for (const kind of storeKinds()) {
  t.test(`strict projection returns exactly the fields asked for (R18 TMF621 CTK) (${kind})`, async (t) => {
    const app = await startTroubleTickets(t, kind, { strictProjection: true })
    const op = as(app, 'operator')
    const { href } = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
    const list = await op({ method: 'GET', url: `${V5}/troubleTicket?fields=description` })
    t.same(Object.keys(list.json()[0]), ['description'])
    const one = await op({ method: 'GET', url: `${href}?fields=description` })
    t.same(one.json(), { description: 'Broadband down since 08:00' })
  })

  t.test(`limit defaults and is capped by the configured maximum (${kind})`, async (t) => {
    const app = await startTroubleTickets(t, kind, { defaultLimit: 2, maxLimit: 3 })
    const op = as(app, 'operator')
    for (let i = 0; i < 5; i++) await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })
    const byDefault = await op({ method: 'GET', url: `${V5}/troubleTicket` })
    t.equal(byDefault.json().length, 2)
    t.equal(byDefault.headers['x-total-count'], '5')
    const capped = await op({ method: 'GET', url: `${V5}/troubleTicket?limit=500` })
    t.equal(capped.json().length, 3)
    t.equal(capped.headers['x-result-count'], '3')
  })

  t.test(`a refused write leaves neither the resource nor an event behind (${kind})`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')
    const res = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ requestedResolutionDate: 'soon' }) })
    t.equal(res.statusCode, 400)
    const { href, id } = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
    const illegal = await op({ method: 'PATCH', url: href, headers: MERGE_PATCH, payload: { status: 'closed' } })
    t.equal(illegal.statusCode, 409)
    t.same(await outboxTypes(app), ['TroubleTicketCreateEvent'], 'only the accepted create produced an event')
    const rows = await app.db.query<{ version: number }>('SELECT version FROM trouble_ticket')
    t.same(rows.rows, [{ version: 1 }], `only ticket ${String(id)}, unchanged`)
  })

  t.test(`a 500 carries a TMF Error without internals (${kind})`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    // Break the store underneath the running app, as a lost database would.
    await app.db.query('DROP TABLE trouble_ticket')
    const res = await as(app, 'operator')({ method: 'GET', url: `${V5}/troubleTicket` })
    t.equal(res.statusCode, 500)
    const body = res.json()
    t.same(Object.keys(body).sort(), ['@type', 'code', 'message', 'reason', 'status'])
    t.equal(body.code, 'ERR500')
    t.notMatch(res.body, /trouble_ticket|relation|stack|at /, 'no SQL, no stack trace')
  })
}
