import t from 'tap'
import { requireRoute, storeKinds } from '@cx/test-kit'
import { anSla, as, createSla, createViolation, MERGE, outboxTypes, startSla } from './test-support.ts'
import { slaTransitions } from './sla.resource.ts'
import { slaViolationTransitions } from './sla-violation.resource.ts'

type Transitions = Readonly<Record<string, readonly string[]>>

for (const kind of storeKinds()) {
  t.test(`TMF623 lifecycles on ${kind}`, async (t) => {
    const app = await startSla(t, kind)
    const op = as(app, 'operator')
    const activeSla = await createSla(op)
    const newIn = async (resource: 'sla' | 'slaViolation', state: string): Promise<string> => {
      const doc = resource === 'sla'
        ? await createSla(op, anSla(), requireRoute(slaTransitions as Transitions, 'draft', state))
        : await createViolation(op, String(activeSla.id), {}, requireRoute(slaViolationTransitions as Transitions, 'detected', state))
      return String(doc.href)
    }
    const move = async (href: string, state: string, extra: Record<string, unknown> = {}) =>
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { state, ...extra } })

    const cases = [
      { resource: 'sla' as const, transitions: slaTransitions as Transitions },
      { resource: 'slaViolation' as const, transitions: slaViolationTransitions as Transitions }
    ]
    for (const { resource, transitions } of cases) {
      const states = Object.keys(transitions)
      t.test(`${resource}: every legal transition is accepted and recorded`, async (t) => {
        for (const from of states) {
          for (const to of transitions[from] ?? []) {
            const href = await newIn(resource, from)
            const res = await move(href, to, { stateChangeReason: `${from} to ${to}` })
            t.equal(res.statusCode, 200, `${from} → ${to}`)
            const body = res.json()
            const last = body.stateChangeHistory[body.stateChangeHistory.length - 1]
            t.same({ state: last.state, reason: last.stateChangeReason, type: last['@type'] }, { state: to, reason: `${from} to ${to}`, type: 'StateChange' })
            t.equal(body.stateChangeDate, last.stateChangeDate)
          }
        }
      })

      t.test(`${resource}: every illegal transition is refused with 409 and changes nothing`, async (t) => {
        for (const from of states) {
          const href = await newIn(resource, from)
          for (const to of states) {
            if (to === from || (transitions[from] ?? []).includes(to)) continue
            const res = await move(href, to)
            t.equal(res.statusCode, 409, `${from} ↛ ${to}`)
            t.equal(res.json().code, 'ERR409-TRANSITION')
          }
          t.equal((await op({ method: 'GET', url: href })).json().state, from)
        }
        t.equal((await move(await newIn(resource, states[0] as string), 'done')).statusCode, 400, 'an unknown state is a bad request')
      })
    }

    t.test('an SLA records its approval date and emits SlaStateChangeEvent on every move', async (t) => {
      const sla = await createSla(op, anSla(), ['approved', 'active', 'expired'])
      t.match(sla.approvalDate, /Z$/)
      t.equal(sla.approvalDate, (sla.stateChangeHistory as Array<{ stateChangeDate: string }>)[1]?.stateChangeDate)
      t.same((sla.stateChangeHistory as Array<{ state: string }>).map((h) => h.state), ['draft', 'approved', 'active', 'expired'])
      t.same(await outboxTypes(app, String(sla.id)), [
        'SlaCreateEvent',
        'SlaAttributeValueChangeEvent', 'SlaStateChangeEvent',
        'SlaAttributeValueChangeEvent', 'SlaStateChangeEvent',
        'SlaAttributeValueChangeEvent', 'SlaStateChangeEvent'
      ])
      const renamed = await op({ method: 'PATCH', url: String(sla.href), headers: MERGE, payload: { description: 'kept for the record' } })
      t.equal(renamed.json().approvalDate, sla.approvalDate, 'approvalDate stays')
      t.equal((await outboxTypes(app, String(sla.id))).at(-1), 'SlaAttributeValueChangeEvent', 'no state change, no SlaStateChangeEvent')
    })

    t.test('a violation goes detected → acknowledged → disputed → settled with SlaViolationStateChangeEvents', async (t) => {
      const v = await createViolation(op, String(activeSla.id), {}, ['acknowledged', 'disputed', 'settled'])
      t.same((v.stateChangeHistory as Array<{ state: string }>).map((h) => h.state), ['detected', 'acknowledged', 'disputed', 'settled'])
      const types = await outboxTypes(app, String(v.id))
      t.equal(types[0], 'SlaViolationCreateEvent')
      t.equal(types.filter((e) => e === 'SlaViolationStateChangeEvent').length, 3)
      t.equal(types.filter((e) => e === 'SlaViolationAttributeValueChangeEvent').length, 3)
    })
  })
}
