import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { activeSla, anOrder, aTicket, clocksOf, deliver, startWatchingSla, TestClock, violationsOf } from './watch-test-support.ts'

type Body = Record<string, unknown>
const byRule = (clocks: Body[], id: string): Body | undefined => clocks.find((c) => (c.rule as Body).id === id)

for (const kind of storeKinds()) {
  t.test(`clocks on a ticket, breach detected when it happens, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    const sla = await activeSla(app)
    clock.set('2026-03-02T09:00:00Z')
    t.equal(await deliver(app, 'troubleTicket', aTicket('tt-1', '2026-03-02T09:00:00Z')), 204)

    let clocks = await clocksOf(app, 'tt-1')
    t.same(clocks.map((c) => [(c.rule as Body).id, c.state, c.deadline]), [
      ['tta', 'running', '2026-03-02T09:30:00.001Z'],
      ['ttr', 'running', '2026-03-02T13:00:00.001Z']
    ], 'one clock per rule, deadline at the limit (.le: just beyond it)')
    t.equal((byRule(clocks, 'tta')?.sla as Body).id, sla.id)

    // 20 minutes later nothing is due; at 09:30:00.001 the acknowledgement deadline fires.
    clock.set('2026-03-02T09:20:00Z')
    t.equal(await app.slaWatcher?.tick(), 0, 'nothing due yet')
    clock.set('2026-03-02T09:30:00.001Z')
    t.ok(await app.slaWatcher?.tick(), 'the deadline fires')
    clocks = await clocksOf(app, 'tt-1')
    t.equal(byRule(clocks, 'tta')?.state, 'breached')
    let violations = await violationsOf(app, 'tt-1')
    t.equal(violations.length, 1, 'one violation, while the ticket is still open')
    const v = violations[0] as Body
    t.match(v, { state: 'detected', rule: { id: 'tta', metric: 'timeToAcknowledge' }, referenceValue: 30, unit: 'minutes', date: '2026-03-02T09:30:00.001Z', consequence: { penalty: { unit: 'EUR', value: 100 } }, sla: { id: sla.id } })
    t.same((v.relatedParty as Body[]).map((p) => [p.role, (p.partyOrPartyRole as Body).id]), [['SLAProvider', 'partner-a'], ['customer', 'cust-001']])
    t.same((v.relatedEntity as Body[]).map((e) => (e.entity as Body).id), ['tt-1'])

    // Firing again, or a duplicate event, raises nothing more.
    clock.set('2026-03-02T09:40:00Z')
    await app.slaWatcher?.tick()
    t.equal(await deliver(app, 'troubleTicket', aTicket('tt-1', '2026-03-02T09:00:00Z')), 204)
    t.equal((await violationsOf(app, 'tt-1')).length, 1, 'at most one violation per entity, rule and SLA')

    // Acknowledged at 10:00: the clock stops and the violation's actualValue becomes the final 60 minutes.
    clock.set('2026-03-02T10:00:00Z')
    await deliver(app, 'troubleTicket', aTicket('tt-1', '2026-03-02T09:00:00Z', [{ status: 'inProgress', at: '2026-03-02T10:00:00Z' }]))
    clocks = await clocksOf(app, 'tt-1')
    t.match(byRule(clocks, 'tta'), { state: 'stopped', breached: true, elapsed: 60 })
    violations = await violationsOf(app, 'tt-1')
    t.equal(violations[0]?.actualValue, 60, 'actualValue updated to the final value when the clock stops')
    t.match(byRule(clocks, 'ttr'), { state: 'running', elapsed: 1 })
  })

  t.test(`pause and resume, and a reopen that keeps the time already used, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    await activeSla(app)
    const created = '2026-03-02T09:00:00Z'
    const steps = [
      { status: 'inProgress', at: '2026-03-02T09:10:00Z' },
      { status: 'pending', at: '2026-03-02T10:00:00Z' }, // waiting on the customer: 2 h do not count
      { status: 'inProgress', at: '2026-03-02T12:00:00Z' },
      { status: 'resolved', at: '2026-03-02T13:00:00Z' } // 2 h used
    ]
    clock.set('2026-03-02T13:00:00Z')
    await deliver(app, 'troubleTicket', aTicket('tt-2', created, steps))
    let ttr = byRule(await clocksOf(app, 'tt-2'), 'ttr')
    t.match(ttr, { state: 'stopped', elapsed: 2, remaining: 2, breached: false }, 'the pending spell did not count')

    // Reopened at 15:00: the clock restarts from the reopen with 2 h used, so it breaches at 17:00.
    clock.set('2026-03-02T15:00:00Z')
    await deliver(app, 'troubleTicket', aTicket('tt-2', created, [...steps, { status: 'inProgress', at: '2026-03-02T15:00:00Z' }]))
    ttr = byRule(await clocksOf(app, 'tt-2'), 'ttr')
    t.match(ttr, { state: 'running', runningSince: '2026-03-02T15:00:00Z', deadline: '2026-03-02T17:00:00.001Z' })
    clock.set('2026-03-02T16:00:00Z')
    await deliver(app, 'troubleTicket', aTicket('tt-2', created, [...steps, { status: 'inProgress', at: '2026-03-02T15:00:00Z' }, { status: 'held', at: '2026-03-02T16:00:00Z' }]))
    ttr = byRule(await clocksOf(app, 'tt-2'), 'ttr')
    t.match(ttr, { state: 'paused', elapsed: 3, deadline: null }, 'held pauses it: no deadline while paused')
    clock.set('2026-03-02T18:00:00Z')
    t.equal(await app.slaWatcher?.tick(), 0, 'no deadline fires while paused')
    t.equal((await violationsOf(app, 'tt-2')).length, 0)
  })

  t.test(`an order's activation clock, and a rule's own pause states, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    await activeSla(app, {}, [{ '@type': 'SlaRule', id: 'ota', metric: 'orderToActivation', unit: 'days', operator: '.lt', referenceValue: 2, pauseStates: ['held'], consequence: { penalty: { unit: 'EUR', value: 50 } } }])
    await deliver(app, 'productOrder', anOrder('po-1', '2026-03-02T08:00:00Z', [{ status: 'inProgress', at: '2026-03-02T09:00:00Z' }, { status: 'pending', at: '2026-03-02T10:00:00Z' }]))
    let c = (await clocksOf(app, 'po-1'))[0]
    t.match(c, { state: 'running', unit: 'days', deadline: '2026-03-04T08:00:00.000Z' }, 'pending does not pause this rule (pauseStates: held)')
    clock.set('2026-03-04T08:00:00Z')
    await app.slaWatcher?.tick()
    c = (await clocksOf(app, 'po-1'))[0]
    t.equal(c?.state, 'breached', '.lt breaches at the limit itself')
    t.equal((await violationsOf(app, 'po-1')).length, 1)
  })
}
