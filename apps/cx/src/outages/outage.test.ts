import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { as, createCustomer, createOrder, createTicket, cxTestOptions, patch, startCxWith, TICKETS, until, urlOf, waitUntil } from '../test-support.ts'
import { address, anOutage, email, listAll, MESSAGES, OUTAGE_IMPACT, phone, startSourcesWithMessages } from './outage.test-support.ts'

type Body = Record<string, unknown>

for (const kind of storeKinds()) {
  t.test(`outages end to end through cx on ${kind}`, async (t) => {
    const sources = await startSourcesWithMessages(t, kind)
    const cx = await startCxWith(t, await cxTestOptions(t, kind, urlOf(sources), { outageIntervalMs: 100 } as never))
    const op = as(sources, 'operator')
    const cxOp = as(cx, 'operator')

    // Lyon by city (e-mail preferred), Villeurbanne by postcode (phone only), an order for the
    // affected offering (phone preferred over e-mail), one named in the list with only a postal
    // address, and two who are not affected.
    const ann = await createCustomer(op, 'Ann', ['fibreco'], { contactMedium: [phone('+33600000001'), email('ann@example.org', true), address('LYON', '69002')] })
    const bob = await createCustomer(op, 'Bob', ['fibreco'], { contactMedium: [address('Villeurbanne', '69 100'), phone('+33600000002')] })
    const cat = await createCustomer(op, 'Cat', ['fibreco'], { contactMedium: [email('cat@example.org'), phone('+33600000003', true), address('Paris', '75001')] })
    await createOrder(op, cat.id, 'fibreco', { productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', action: 'add', productOffering: { id: 'po-fibre-1g', name: 'Fibre 1G' } }] })
    const dan = await createCustomer(op, 'Dan', ['fibreco'], { contactMedium: [address('Marseille', '13001')] })
    const eve = await createCustomer(op, 'Eve', ['fibreco'], { contactMedium: [email('eve@example.org', true), address('Paris', '75002')] })
    await createOrder(op, eve.id, 'fibreco', { productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', action: 'add', productOffering: { id: 'po-tv', name: 'TV' } }] })
    await until('customers in the read model', async () => {
      const n = (await cx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cx_entity WHERE kind IN ('customer', 'productOrder')")).rows[0]?.n
      return n === 7 ? true : undefined
    })

    const outage = (await op({ method: 'POST', url: TICKETS, payload: anOutage({ place: [{ city: 'Lyon' }, { postCode: '69100' }], productOffering: [{ id: 'po-fibre-1g' }], customer: [{ id: dan.id }] }) })).json()
    const impactOf = async (who = cxOp): Promise<Body[]> => await listAll(who, `${OUTAGE_IMPACT}?outage.id=${String(outage.id)}`)
    const messagesOf = async (who = op): Promise<Body[]> => await listAll(who, `${MESSAGES}?relatedEntity.entity.id=${String(outage.id)}`)

    t.test('the impact is resolved by place, offering and list, with the reasons', async (t) => {
      const impact = await until('the impact', async () => { const i = await impactOf(); return i.length === 4 && i.every((x) => x.contactable !== undefined) ? i : undefined })
      const reasons = Object.fromEntries(impact.map((i) => [(i.customer as Body).id, i.reason]))
      t.same(reasons, { [ann.id]: ['place:lyon'], [bob.id]: ['place:69100'], [cat.id]: ['productOffering:po-fibre-1g'], [dan.id]: ['customer'] })
      t.notOk(eve.id in reasons, 'another place and another offering: not affected')
      t.match(impact.find((i) => (i.customer as Body).id === ann.id), { '@type': 'CustomerOutageImpact', outage: { id: outage.id }, customer: { name: 'Ann' }, contactable: true, firstTold: String, lastTold: String })
      const unreachable = await listAll(cxOp, `${OUTAGE_IMPACT}?outage.id=${String(outage.id)}&contactable=false`)
      t.same(unreachable.map((i) => (i.customer as Body).id), [dan.id], 'a customer with only a postal address is listed, not messaged')
      t.notOk('firstTold' in (unreachable[0] ?? {}))
      const bad = await cxOp({ method: 'GET', url: OUTAGE_IMPACT })
      t.equal(bad.statusCode, 400)
      t.match(bad.json(), { '@type': 'Error', code: 'ERR400-MISSING-OUTAGE' })
      t.equal((await cxOp({ method: 'DELETE', url: OUTAGE_IMPACT })).statusCode, 405)
    })

    t.test('one message per reachable customer over the preferred medium, from the start template', async (t) => {
      const messages = await until('3 messages', async () => { const m = await messagesOf(); return m.length >= 3 ? m : undefined })
      t.equal(messages.length, 3)
      const to = Object.fromEntries(messages.map((m) => [((m.receiver as Body[])[0]?.party as Body).id, m]))
      t.match(to[ann.id], { messageType: 'email', subject: /Fibre cut in Lyon/, receiver: [{ email: 'ann@example.org' }], state: 'initial' }, 'preferred e-mail')
      t.match(to[bob.id], { messageType: 'SMS', receiver: [{ phoneNumber: '+33600000002' }] }, 'the first usable medium')
      t.match(to[cat.id], { messageType: 'SMS', receiver: [{ phoneNumber: '+33600000003' }] }, 'preferred phone')
      t.notOk(dan.id in to)
      const text = String(to[ann.id]?.content)
      t.match(text, /we are sorry/i)
      t.match(text, /working on it/)
      t.match(text, /14:00 UTC on 1 March/)
      t.match(text, /apologise/)
      const rows = (await cx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cx_outage_message WHERE outage_id = $1', [outage.id])).rows[0]?.n
      t.equal(rows, 4, 'one row per affected customer for this update, Dan\'s without a message')
    })

    t.test('each message is on its customer\'s journey and in the 360, pointing at the TMF681 message', async (t) => {
      const journey = async (who: typeof cxOp, id: string): Promise<Body[]> =>
        (await who({ method: 'GET', url: `/tmf-api/cxAnalytics/v1/journeyEvent?customer.id=${id}&kind=customerNotified` })).json() as Body[]
      const annSent = await until('Ann\'s customerNotified event', async () => { const j = await journey(cxOp, ann.id); return j.length >= 1 ? j : undefined })
      const message = (await messagesOf()).find((m) => ((m.receiver as Body[])[0]?.party as Body).id === ann.id) as Body
      t.match(annSent[0], { kind: 'customerNotified', customer: { id: ann.id }, partner: { id: 'fibreco' }, entity: { id: message.id, '@referredType': 'CommunicationMessage' }, summary: /e-mail about the outage: Fibre cut in Lyon/ })
      const linked = await op({ method: 'GET', url: String((annSent[0]?.entity as Body).href) })
      t.equal(linked.statusCode, 200, 'its href is the TMF681 message')
      t.equal(linked.json().id, message.id)
      t.same(await journey(cxOp, dan.id), [], 'nothing for a customer who could not be told')
      t.same(await journey(as(cx, 'mobico'), ann.id), [], 'another partner does not see it')
      const the360 = await until('Ann\'s 360 with the message', async () => {
        const doc = (await cxOp({ method: 'GET', url: `/tmf-api/customer360/v5/customer360/${ann.id}` })).json() as Body
        return (doc.journey as Body[] | undefined)?.some((e) => e.kind === 'customerNotified') === true ? doc : undefined
      })
      t.ok(the360, 'the 360\'s latest journey events include it')
    })

    t.test('a new ETA is one more message each; a change that is not an update is none', async (t) => {
      await patch(op, String(outage.href), { description: 'A fibre cut near Part-Dieu (splicing team called)' })
      await patch(op, String(outage.href), { expectedResolutionDate: '2026-03-01T18:30:00.000Z' })
      const messages = await until('6 messages', async () => { const m = await messagesOf(); return m.length >= 6 ? m : undefined })
      await cx.outageWorker?.runOnce()
      t.equal((await messagesOf()).length, 6, 'at most one message per customer per update')
      const updates = messages.filter((m) => String(m.content).includes('18:30 UTC on 1 March'))
      t.equal(updates.length, 3)
      t.match(String(updates[0]?.content), /an update on/)
    })

    t.test('tickets opened during the outage by affected customers are linked to it', async (t) => {
      const child = await createTicket(op, ann.id, 'fibreco')
      const stranger = await createTicket(op, eve.id, 'fibreco')
      const linked = await until('the child linked', async () => {
        const doc = (await op({ method: 'GET', url: child.href })).json() as Body
        return Array.isArray(doc.troubleTicketRelationship) ? doc : undefined
      })
      t.match(linked.troubleTicketRelationship, [{ id: outage.id, relationshipType: 'isChildOf' }])
      await waitUntil('the outage lists it', async () => {
        const o = (await op({ method: 'GET', url: String(outage.href) })).json() as Body
        return ((o.troubleTicketRelationship ?? []) as Body[]).some((r) => r.id === child.id && r.relationshipType === 'isParentOf')
      })
      await cx.outageWorker?.runOnce()
      const other = (await op({ method: 'GET', url: stranger.href })).json() as Body
      t.notOk('troubleTicketRelationship' in other, 'a customer the outage does not affect is not linked')
    })

    t.test('a customer moving into the area while it is open is added and told the current update', async (t) => {
      const fay = await createCustomer(op, 'Fay', ['fibreco'], { contactMedium: [email('fay@example.org'), address('Lyon', '69007')] })
      const messages = await until('Fay told', async () => {
        const m = await messagesOf()
        return m.find((x) => ((x.receiver as Body[])[0]?.party as Body).id === fay.id)
      })
      t.match(String(messages.content), /18:30 UTC/)
      t.equal((await impactOf()).length, 5)
    })

    t.test('resolving the outage resolves its children and tells everyone it is fixed', async (t) => {
      await patch(op, String(outage.href), { status: 'inProgress' })
      await patch(op, String(outage.href), { status: 'resolved', statusChangeReason: 'fibre spliced' })
      const resolvedMessages = await until('fixed messages', async () => {
        const m = (await messagesOf()).filter((x) => String(x.content).includes('has been fixed'))
        return m.length === 4 ? m : undefined
      })
      t.match(String(resolvedMessages[0]?.content), /sorry for the disruption/)
      const children = await listAll(op, `${TICKETS}?troubleTicketRelationship.id=${String(outage.id)}`)
      t.ok(children.length >= 1)
      for (const c of children) {
        t.equal(c.status, 'resolved')
        t.match((c.note as Body[]).at(-1)?.text, /Resolved with the outage/)
      }
    })

    t.test('partner scope: a partner sees the impact and messages of its own outages only', async (t) => {
      t.equal((await impactOf(as(cx, 'fibreco'))).length, 5)
      t.equal((await impactOf(as(cx, 'mobico'))).length, 0)
      t.equal((await messagesOf(as(sources, 'fibreco'))).length, (await messagesOf()).length)
      t.equal((await messagesOf(as(sources, 'mobico'))).length, 0)
    })
  })
}
