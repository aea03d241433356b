import t from 'tap'
import { startListener, storeKinds } from '@cx/test-kit'
import { as, createSla, createViolation, ROOT, startSla } from './test-support.ts'

interface Envelope { eventType: string, source: { href: string }, event: { slaViolation: { id: string, href: string } } }

// Issue 8 §3: a subscription query is typed like a list filter on this v4-labelled root too.
for (const kind of storeKinds()) {
  t.test(`TMF623 subscription queries on ${kind}`, async (t) => {
    const app = await startSla(t, kind)
    const op = as(app, 'operator')
    const subscribe = async (callback: string, query: string): Promise<{ statusCode: number, json: () => Record<string, unknown> }> =>
      await op({ method: 'POST', url: `${ROOT}/hub`, payload: { callback, query } })

    t.test('bad numbers, dates and enum values are refused at subscription time', async (t) => {
      for (const [query, code] of [
        ['event.slaViolation.actualValue.gt=lots', 'ERR400'],
        ['event.slaViolation.date.lt=2025-02-30', 'ERR400'],
        ['event.sla.state=expird', 'ERR400-ENUM'],
        ['eventType=SlaViolationStatusChangeEvent', 'ERR400-ENUM']
      ] as const) {
        const res = await subscribe('http://127.0.0.1:9/listener', query)
        t.equal(res.statusCode, 400, query)
        t.match(res.json(), { '@type': 'Error', code }, query)
      }
    })

    t.test('a number filter compares numbers at delivery', async (t) => {
      const listener = await startListener(t)
      t.equal((await subscribe(listener.url, 'eventType=SlaViolationCreateEvent&event.slaViolation.actualValue.gt=9')).statusCode, 201)
      const sla = await createSla(op)
      await createViolation(op, String(sla.id), { actualValue: 8.75 })
      const breach = await createViolation(op, String(sla.id), { actualValue: 31 })
      const [call] = await listener.waitFor(1)
      const envelope = call?.body as Envelope
      t.equal(envelope.event.slaViolation.id, breach.id, '31 > 9 (as text "31" < "9")')
      t.equal(envelope.source.href, breach.href, 'hrefs stay under this v4 root')
      t.equal(envelope.event.slaViolation.href, `${ROOT}/slaViolation/${String(breach.id)}`)
    })
  })
}
