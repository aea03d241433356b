import t from 'tap'
import { aTroubleTicket, MERGE_PATCH, outboxTypes, requireRoute, storeKinds } from '@cx/test-kit'
import { as, startTroubleTickets, V5 } from './test-support.ts'
import { troubleTicketTransitions } from './trouble-ticket.resource.ts'

type State = keyof typeof troubleTicketTransitions
const STATES = Object.keys(troubleTicketTransitions) as State[]

for (const kind of storeKinds()) {
  t.test(`TMF621 lifecycle on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')
    const newTicketIn = async (state: State): Promise<string> => {
      const { href } = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
      for (const step of requireRoute(troubleTicketTransitions, 'acknowledged', state)) {
        const res = await op({ method: 'PATCH', url: href, headers: MERGE_PATCH, payload: { status: step } })
        if (res.statusCode !== 200) throw new Error(`setup ${step}: ${res.body}`)
      }
      return href
    }
    const move = async (href: string, status: string, extra: Record<string, unknown> = {}) =>
      await op({ method: 'PATCH', url: href, headers: MERGE_PATCH, payload: { status, ...extra } })

    t.test('every legal transition is accepted and recorded', async (t) => {
      for (const from of STATES) {
        for (const to of troubleTicketTransitions[from]) {
          const href = await newTicketIn(from)
          const res = await move(href, to, { statusChangeReason: `${from} to ${to}` })
          t.equal(res.statusCode, 200, `${from} → ${to}`)
          const body = res.json()
          t.equal(body.status, to)
          const last = body.statusChangeHistory[body.statusChangeHistory.length - 1]
          t.same({ status: last.status, reason: last.statusChangeReason, type: last['@type'] }, { status: to, reason: `${from} to ${to}`, type: 'StatusChange' })
          t.equal(body.statusChangeDate, last.statusChangeDate)
        }
      }
    })

    t.test('every illegal transition is refused with 409 and changes nothing', async (t) => {
      for (const from of STATES) {
        const href = await newTicketIn(from)
        for (const to of STATES) {
          if (to === from || (troubleTicketTransitions[from] as readonly string[]).includes(to)) continue
          const res = await move(href, to)
          t.equal(res.statusCode, 409, `${from} ↛ ${to}`)
          t.equal(res.json().code, 'ERR409-TRANSITION')
        }
        t.equal((await op({ method: 'GET', url: href })).json().status, from)
      }
      const unknown = await move(await newTicketIn('acknowledged'), 'done')
      t.equal(unknown.statusCode, 400, 'an unknown state is a bad request')
    })

    t.test('resolve sets resolutionDate, reopen clears it, close keeps it; history keeps every step', async (t) => {
      const href = await newTicketIn('inProgress')
      const resolved = (await move(href, 'resolved')).json()
      t.match(resolved.resolutionDate, /Z$/)
      const reopened = (await move(href, 'inProgress', { statusChangeReason: 'customer says it still fails' })).json()
      t.notOk('resolutionDate' in reopened)
      await move(href, 'resolved')
      const closed = (await move(href, 'closed')).json()
      t.ok(closed.resolutionDate)
      t.same(closed.statusChangeHistory.map((h: { status: string }) => h.status), ['acknowledged', 'inProgress', 'resolved', 'inProgress', 'resolved', 'closed'])
      t.equal(closed.statusChangeHistory[3].statusChangeReason, 'customer says it still fails')
      const types = await outboxTypes(app, closed.id)
      t.equal(types.filter((e) => e === 'TroubleTicketStatusChangeEvent').length, 5)
      t.equal(types.filter((e) => e === 'TroubleTicketResolvedEvent').length, 2)
      t.equal(types[0], 'TroubleTicketCreateEvent')
    })
  })
}
