import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { as, createCustomer, createTicket, cxTestOptions, JOURNEY, patch, startCxWith, the360, TICKETS, until, urlOf } from '../test-support.ts'
import { address, anOutage, email, startSourcesWithMessages } from './outage.test-support.ts'

type Body = Record<string, unknown>
const KPI = '/tmf-api/cxAnalytics/v1/kpi'
const SCORECARD = '/tmf-api/cxAnalytics/v1/partnerScorecard'
const MARCH = 'period=month&from=2026-03-01&to=2026-03-31'
const line = (id: string): Body => ({ '@type': 'RelatedEntity', role: 'affectedProduct', entity: { '@type': 'EntityRef', id, '@referredType': 'Product' } })

// Repeats and outages feed the experience: the 360's churn reasons, the journey, the KPIs and the
// partner scorecards. Both services run on controllable clocks: the sources' (ticket dates) and
// cx's (when messages were created), five minutes apart.
for (const kind of storeKinds()) {
  t.test(`repeat contacts and outages in the 360, journey, KPIs and scorecards on ${kind}`, async (t) => {
    let sourceNow = new Date('2026-03-10T09:00:00.000Z')
    const sources = await startSourcesWithMessages(t, kind, { now: () => sourceNow })
    const cx = await startCxWith(t, { ...await cxTestOptions(t, kind, urlOf(sources), { outageIntervalMs: 100 } as never), now: () => new Date(sourceNow.getTime() + 5 * 60_000) })
    const op = as(sources, 'operator')
    const cxOp = as(cx, 'operator')

    const ann = await createCustomer(op, 'Ann', ['fibreco'], { contactMedium: [email('ann@example.org', true), address('Lyon', '69002')] })
    const bob = await createCustomer(op, 'Bob', ['fibreco'], { contactMedium: [email('bob@example.org', true), address('Lyon', '69003')] })
    const cat = await createCustomer(op, 'Cat', ['fibreco'], { contactMedium: [email('cat@example.org', true), address('Paris', '75001')] })
    await createCustomer(op, 'Dan', ['fibreco'], { contactMedium: [address('Nice', '06000')] })

    const first = await createTicket(op, ann.id, 'fibreco', { relatedEntity: [line('line-ann')] })
    sourceNow = new Date('2026-03-12T09:00:00.000Z')
    const repeat = await createTicket(op, ann.id, 'fibreco', { relatedEntity: [line('line-ann')] })
    t.equal(repeat.repeatContactCount, 1, 'threaded by the trouble-ticket service')
    await createTicket(op, bob.id, 'fibreco', { ticketType: 'Billing' })

    t.test('the journey shows ticketThreaded', async (t) => {
      const events = await until('ticketThreaded', async () => {
        const list = (await cxOp({ method: 'GET', url: `${JOURNEY}?customer.id=${ann.id}&kind=ticketThreaded` })).json() as Body[]
        return list.length > 0 ? list : undefined
      })
      t.equal(events.length, 1)
      t.match(events[0], { kind: 'ticketThreaded', entity: { id: repeat.id }, date: '2026-03-12T09:00:00.000Z', summary: /same problem as 1 earlier ticket/ })
      t.not(first.id, repeat.id)
    })

    t.test('repeatContactRate: one of the three customer tickets is a repeat', async (t) => {
      const point = await until('repeatContactRate', async () => {
        const res = await cxOp({ method: 'GET', url: `${KPI}/repeatContactRate?${MARCH}` })
        const p = (res.json() as { series: Body[] }).series.at(-1)
        return p?.sampleSize === 3 ? p : undefined
      })
      t.equal(point.value, 33.33)
    })

    t.test('outage KPIs: time to first communication and outage minutes per customer', async (t) => {
      sourceNow = new Date('2026-03-15T08:00:00.000Z')
      const outage = (await op({ method: 'POST', url: TICKETS, payload: anOutage({ place: [{ city: 'Lyon' }] }) })).json()
      await until('Lyon told', async () => {
        const n = (await cx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cx_outage_message WHERE outage_id = $1 AND message_id IS NOT NULL', [outage.id])).rows[0]?.n
        return n === 2 ? true : undefined
      })
      const ttfc = await until('timeToFirstCommunication', async () => {
        const p = ((await cxOp({ method: 'GET', url: `${KPI}/timeToFirstCommunication?${MARCH}` })).json() as { series: Body[] }).series.at(-1)
        return p?.sampleSize === 1 ? p : undefined
      })
      t.equal(ttfc.value, 5, 'cx told them 5 minutes after the outage began')
      sourceNow = new Date('2026-03-15T09:00:00.000Z')
      await patch(op, outage.href, { status: 'inProgress' })
      sourceNow = new Date('2026-03-15T10:00:00.000Z')
      await patch(op, outage.href, { status: 'resolved' })
      const minutes = await until('outageMinutesPerCustomer', async () => {
        const p = ((await cxOp({ method: 'GET', url: `${KPI}/outageMinutesPerCustomer?${MARCH}` })).json() as { series: Body[] }).series.at(-1)
        return p?.sampleSize === 1 ? p : undefined
      })
      t.equal(minutes.value, 60, '2 hours × 2 affected customers / 4 customers')
    })

    t.test('partner scorecards count the partner\'s outages and repeat contacts', async (t) => {
      const card = await until('a scorecard with the outage', async () => {
        const list = (await as(cx, 'fibreco')({ method: 'GET', url: `${SCORECARD}?${MARCH}` })).json() as Body[]
        const c = list.find((x) => (x.partner as Body).id === 'fibreco' && String(x.periodStart).startsWith('2026-03'))
        return c !== undefined && c.outages === 1 ? c : undefined
      })
      t.equal(card.repeatContacts, 1)
      t.equal(card.outages, 1)
    })

    t.test('the 360 counts the repeat in the churn risk, in plain words', async (t) => {
      // The 360 looks back from the real clock: Cat's two tickets about her line are from today.
      sourceNow = new Date()
      await createTicket(op, cat.id, 'fibreco', { relatedEntity: [line('line-cat')] })
      await createTicket(op, cat.id, 'fibreco', { relatedEntity: [line('line-cat')] })
      const view = await the360(cx, 'operator', cat.id, (d) => JSON.stringify(d).includes('contact us again'))
      const reasons = ((view.experience ?? view.cxExperience) as Body | undefined)?.reasons ?? JSON.stringify(view)
      t.match(JSON.stringify(reasons), /Once in the last \d+ days they had to contact us again about a problem they had already reported/)
    })
  })
}
