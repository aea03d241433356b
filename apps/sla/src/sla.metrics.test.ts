import t from 'tap'
import { promSample, storeKinds } from '@cx/test-kit'
import { activeSla, aTicket, deliver, startWatchingSla, TestClock } from './watch/watch-test-support.ts'

// `/metrics` of the sla service: the SLA policing gauges (sla.metrics.ts), judged by the service clock.
for (const kind of storeKinds()) {
  t.test(`SLA clocks and overdue deadlines in /metrics, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    await activeSla(app)
    const scrape = async (): Promise<string> => {
      const res = await app.inject({ url: '/metrics' })
      t.equal(res.statusCode, 200)
      return res.body
    }

    clock.set('2026-03-02T09:00:00Z')
    t.equal(await deliver(app, 'troubleTicket', aTicket('tt-m1', '2026-03-02T09:00:00Z')), 204)
    let text = await scrape()
    t.equal(promSample(text, 'cx_sla_clocks', { state: 'running' }), 2, 'one running clock per rule of the SLA (acknowledge, resolve)')
    t.equal(promSample(text, 'cx_sla_clocks', { state: 'breached' }), 0)
    t.equal(promSample(text, 'cx_sla_deadlines_overdue'), 0, 'nothing due yet')
    t.equal(promSample(text, 'cx_sla_deadline_overdue_seconds'), 0)

    // The acknowledgement clock's jeopardy warning (80 % of 30 min: 09:24) is due and not yet fired.
    clock.set('2026-03-02T09:24:30Z')
    text = await scrape()
    t.equal(promSample(text, 'cx_sla_deadlines_overdue'), 1, 'a warning missed so far')
    t.equal(promSample(text, 'cx_sla_deadline_overdue_seconds'), 30, 'by 30 s')
    t.ok(await app.slaWatcher?.tick(), 'the watcher raises the warning')
    t.equal(promSample(await scrape(), 'cx_sla_deadlines_overdue'), 0)

    // Then its breach (09:30:00.001) has passed, and the watcher has not fired it yet.
    clock.set('2026-03-02T09:31:00.001Z')
    text = await scrape()
    t.equal(promSample(text, 'cx_sla_deadlines_overdue'), 1, 'a deadline missed so far')
    t.equal(promSample(text, 'cx_sla_deadline_overdue_seconds'), 60, 'by a minute')

    t.ok(await app.slaWatcher?.tick(), 'the watcher fires it')
    text = await scrape()
    t.equal(promSample(text, 'cx_sla_deadlines_overdue'), 0, 'none overdue once fired')
    t.equal(promSample(text, 'cx_sla_clocks', { state: 'breached' }), 1)
    t.equal(promSample(text, 'cx_sla_clocks', { state: 'running' }), 1)
  })
}
