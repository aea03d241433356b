import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import {
  as, C360, createCustomer, createOrder, createTicket, cxTestOptions, JOURNEY, patch, startCxWith, startSources,
  the360, until, urlOf, waitLive
} from './test-support.ts'
import type { FastifyInstance } from 'fastify'

type Body = Record<string, unknown>
const ids = (xs: unknown): string[] => (xs as Body[]).map((x) => String(x.id)).sort()

async function readModel (cx: FastifyInstance): Promise<string> {
  const q = async (sql: string): Promise<unknown[]> => (await cx.db.query(sql)).rows
  return JSON.stringify({
    entities: await q('SELECT kind, id, customer_id, partners, last_update, deleted, doc FROM cx_entity ORDER BY kind, id'),
    journey: await q('SELECT id, entity_key, customer_id, parties, doc FROM cx_journey ORDER BY id'),
    views: await q('SELECT customer_id, viewer, doc FROM cx_customer360 ORDER BY customer_id, viewer')
  })
}

for (const kind of storeKinds()) {
  t.test(`cx back-fill on ${kind}: restarts, lost subscriptions, a source away, rebuilds`, async (outer) => {
    const t = outer
    const sources = await startSources(t, kind)
    const src = as(sources, 'operator')
    // Written before cx ever started: the first start back-fills it.
    const early = await createCustomer(src, 'Grace Hopper', ['fibreco'])
    const earlyOrder = await createOrder(src, early.id, 'fibreco')
    const opts = await cxTestOptions(t, kind, urlOf(sources), {}, true)
    let cx = await startCxWith(t, opts)

    t.test('the first start back-fills what was written before', async (t) => {
      const doc = await the360(cx, 'operator', early.id, (d) => (d.productOrder as Body[]).length === 1)
      t.same(ids(doc.productOrder), [earlyOrder.id])
    })

    t.test('cx stopped during writes and restarted is complete afterwards', async (t) => {
      await cx.close()
      // Written while cx is down: its callbacks fail and are retried, then dead-lettered.
      const late = await createCustomer(src, 'Katherine Johnson', ['fixit'])
      const tickets = []
      for (let i = 0; i < 5; i++) tickets.push(await createTicket(src, late.id, 'fixit', { name: `ticket ${i}` }))
      for (const status of ['inProgress', 'resolved']) await patch(src, String(tickets[0]?.href), { status })
      await patch(src, earlyOrder.href, { description: 'changed while cx was down' })
      cx = await startCxWith(outer, opts)
      const doc = await the360(cx, 'operator', late.id, (d) => (d.troubleTicket as Body[]).length === 5 && (d.troubleTicket as Body[]).some((x) => x.status === 'resolved'))
      t.same(ids(doc.troubleTicket), ids(tickets), 'every ticket written while cx was down')
      const journey = (await as(cx, 'operator')({ method: 'GET', url: `${JOURNEY}?customer.id=${late.id}&kind=ticketResolved` })).json() as Body[]
      t.equal(journey.length, 1, 'their history too: the resolution is on the journey')
      const order = await the360(cx, 'operator', early.id, (d) => (d.productOrder as Body[])[0]?.description === 'changed while cx was down')
      t.equal((order.productOrder as Body[])[0]?.description, 'changed while cx was down', 'changes to records cx already had')
      const sources360 = (await cx.db.query<{ status: string, callback: string }>('SELECT status, callback FROM cx_source ORDER BY source')).rows
      t.ok(sources360.every((s) => s.status === 'live' && s.callback.startsWith(urlOf(cx))), 'resubscribed at the address cx listens on now')
      const hubs = (await src({ method: 'GET', url: '/tmf-api/troubleTicket/v5/hub' })).json() as Body[]
      t.equal(hubs.length, 1, 'the subscription to the old address was removed, not left failing')
    })

    t.test('a lost subscription is noticed, remade, and the gap back-filled', async (t) => {
      const row = (await cx.db.query<{ subscription_id: string }>("SELECT subscription_id FROM cx_source WHERE source = 'troubleTicket'")).rows[0]
      const del = await src({ method: 'DELETE', url: `/tmf-api/troubleTicket/v5/hub/${String(row?.subscription_id)}` })
      t.equal(del.statusCode, 204)
      const ticket = await createTicket(src, early.id, 'fibreco', { name: 'written while unsubscribed' })
      const doc = await the360(cx, 'operator', early.id, (d) => (d.troubleTicket as Body[]).some((x) => x.id === ticket.id))
      t.ok((doc.troubleTicket as Body[]).some((x) => x.name === 'written while unsubscribed'))
      const now = (await cx.db.query<{ subscription_id: string }>("SELECT subscription_id FROM cx_source WHERE source = 'troubleTicket'")).rows[0]
      t.not(now?.subscription_id, row?.subscription_id, 'a new subscription')
    })

    t.test('rebuilding from scratch gives the same read model', async (t) => {
      await waitLive(cx)
      // Settle: every event delivered and applied before the snapshot.
      await until('deliveries settled', async () => {
        const pending = (await sources.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cx_delivery WHERE state = 'pending'")).rows[0]?.n
        return pending === 0 ? true : undefined
      })
      const before = await readModel(cx)
      for (const sql of ['DELETE FROM cx_entity', 'DELETE FROM cx_journey', 'DELETE FROM cx_customer360', 'UPDATE cx_source SET watermark = NULL']) await cx.db.query(sql)
      t.equal((await as(cx, 'operator')({ method: 'GET', url: `${C360}/${early.id}` })).statusCode, 404, 'the read model is empty')
      await cx.cxSync?.syncAll(true)
      t.equal(await readModel(cx), before, 'the same entities, journey and views')
    })

    t.test('a source away: the 360 still answers, and says so', async (t) => {
      await sources.close()
      const doc = await the360(cx, 'operator', early.id, (d) => (d.dataFreshness as Body[]).every((f) => f.status === 'unavailable'))
      t.same(ids(doc.productOrder), [earlyOrder.id], 'answered from the read model')
      t.ok((doc.dataFreshness as Body[]).every((f) => f.status === 'unavailable'), 'every source of that server is reported unavailable')
    })
  })
}
