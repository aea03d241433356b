import t from 'tap'
import { aTroubleTicket, callAbout, callsBeforeMarker, deliveryCases, eventTypes, MERGE_PATCH, resourceIdOf, runnerOverrides, startListener } from '@cx/test-kit'
import { as, mergePatch, startTroubleTickets, V4, V5 } from './test-support.ts'

interface Envelope { eventType: string, eventId: string, event: { troubleTicket: Record<string, unknown> } }

for (const { kind, runner } of deliveryCases()) {
  t.test(`TMF621 hub on ${kind}, delivered ${runner}`, async (t) => {
    const app = await startTroubleTickets(t, kind, await runnerOverrides(runner))
    const op = as(app, 'operator')

    t.test('subscribe, receive the events in order, unsubscribe', async (t) => {
      const listener = await startListener(t)
      const sub = await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listener.url } })
      t.equal(sub.statusCode, 201)
      const hub = sub.json()
      t.equal(sub.headers.location, `${V5}/hub/${hub.id}`)
      t.equal(hub.callback, listener.url)
      t.equal((await op({ method: 'GET', url: `${V5}/hub/${hub.id}` })).json().id, hub.id)

      const { href } = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
      await op({ method: 'PATCH', url: href, headers: MERGE_PATCH, payload: { status: 'inProgress' } })
      await op({ method: 'PATCH', url: href, headers: MERGE_PATCH, payload: { status: 'resolved' } })
      const expected = [
        'TroubleTicketCreateEvent',
        'TroubleTicketAttributeValueChangeEvent', 'TroubleTicketStatusChangeEvent',
        'TroubleTicketAttributeValueChangeEvent', 'TroubleTicketStatusChangeEvent', 'TroubleTicketResolvedEvent'
      ]
      const calls = [...await listener.waitFor(6)]
      t.same(eventTypes(calls), expected)
      const last = calls[5]?.body as Envelope
      t.equal(last.event.troubleTicket.status, 'resolved')
      t.equal(calls[0]?.headers['x-event-id'], (calls[0]?.body as Envelope).eventId)
      t.equal(new Set(calls.map((c) => (c.body as Envelope).eventId)).size, 6, 'every event has its own id')

      t.equal((await op({ method: 'DELETE', url: `${V5}/hub/${hub.id}` })).statusCode, 204)
      t.equal((await op({ method: 'GET', url: `${V5}/hub/${hub.id}` })).statusCode, 404)
      t.equal((await op({ method: 'DELETE', url: `${V5}/hub/${hub.id}` })).statusCode, 404)
      await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })
      // The marker travels on a second subscription of the same listener, selecting only itself.
      const after = await callsBeforeMarker(app.db, listener, async () => {
        const query = 'eventType=TroubleTicketCreateEvent&event.troubleTicket.description=marker'
        t.equal((await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: `${listener.url}/marker`, query } })).statusCode, 201)
        const marker = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ description: 'marker' }) })).json()
        return callAbout(marker.id, 'TroubleTicketCreateEvent')
      })
      t.same(eventTypes(after), expected, 'nothing arrives after unsubscribing')
    })

    t.test('the query filters on event type and on resource attributes; fields projects', async (t) => {
      const listener = await startListener(t)
      await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: listener.url, query: 'eventType=TroubleTicketCreateEvent&event.troubleTicket.severity=Critical&fields=severity' } })
      const minor = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ severity: 'Minor' }) })).json()
      const critical = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ severity: 'Critical' }) })).json()
      await mergePatch(op, critical.href, { status: 'inProgress' })
      const calls = await callsBeforeMarker(app.db, listener, async () => {
        const marker = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ severity: 'Critical' }) })).json()
        return callAbout(marker.id)
      })
      t.same(calls.map(resourceIdOf), [critical.id], `only the critical ticket's create (not ${String(minor.id)}, not the status change)`)
      const ticket = (calls[0]?.body as Envelope).event.troubleTicket
      t.same(Object.keys(ticket).sort(), ['@type', 'href', 'id', 'severity'])
      t.equal(ticket.severity, 'Critical')
    })

    t.test('a v4 subscription receives v4-shaped tickets', async (t) => {
      const listener = await startListener(t)
      await op({ method: 'POST', url: `${V4}/hub`, payload: { callback: listener.url, query: 'eventType=TroubleTicketCreateEvent' } })
      await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ externalIdentifier: [{ '@type': 'ExternalIdentifier', id: 'E-1' }] }) })
      const [call] = await listener.waitFor(1)
      const body = call?.body as Envelope & { timeOcurred?: string }
      t.equal(body.event.troubleTicket.externalId, 'E-1')
      t.ok(body.timeOcurred, 'v4 spells timeOcurred')
      t.ok(Array.isArray(body.event.troubleTicket.statusChange))
    })

    t.test('invalid hub requests are refused', async (t) => {
      const refusals = [
        [{ callback: 'http://127.0.0.1:9/x', query: 'event..severity=Critical' }, /event\.\.severity/],
        [{ query: 'eventType=TroubleTicketCreateEvent' }, /callback/],
        [{ callback: 'ftp://127.0.0.1/x' }, /scheme ftp is not allowed/],
        [{ callback: 'http://169.254.169.254/latest' }, /metadata/]
      ] as const
      for (const [payload, why] of refusals) {
        const res = await op({ method: 'POST', url: `${V5}/hub`, payload })
        t.equal(res.statusCode, 400, JSON.stringify(payload))
        t.match(res.json(), { '@type': 'Error', status: '400', message: why }, 'a TMF Error saying what is wrong')
      }
      const stored = ((await op({ method: 'GET', url: `${V5}/hub` })).json() as Array<{ callback: string }>).map((h) => h.callback)
      t.notOk(refusals.some(([payload]) => 'callback' in payload && stored.includes(payload.callback)), 'none of them was stored')
    })
  })
}
