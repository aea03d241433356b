import t from 'tap'
import { aPartyRef, aTroubleTicket, storeKinds } from '@cx/test-kit'
import { as, mergePatch, startTroubleTickets, V5 } from './test-support.ts'

type Body = Record<string, unknown>
const DAY = 86_400_000

const line = (id: string): Body => ({ '@type': 'RelatedEntity', role: 'affectedProduct', entity: { '@type': 'EntityRef', id, '@referredType': 'Product' } })
const related = (doc: Body): Array<[string, string]> =>
  ((doc.troubleTicketRelationship ?? []) as Array<{ id: string, relationshipType: string }>).map((r) => [r.id, r.relationshipType])

for (const kind of storeKinds()) {
  t.test(`repeat-contact threading on ${kind}`, async (t) => {
    let now = new Date('2026-03-01T08:00:00.000Z')
    const app = await startTroubleTickets(t, kind, { now: () => now, threading: { repeatContactWindowDays: 30 } })
    const op = as(app, 'operator')
    const open = async (customer: string, extra: Body = {}): Promise<Body & { id: string, href: string }> => {
      const res = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ relatedParty: [aPartyRef('customer', customer)], ...extra }) })
      t.equal(res.statusCode, 201, res.body)
      return res.json()
    }

    t.test('same product: the second ticket is linked relatedTo the first and counts one repeat', async (t) => {
      const first = await open('c-line', { relatedEntity: [line('line-1')] })
      t.equal(first.repeatContactCount, 0, 'a first contact')
      t.notOk('troubleTicketRelationship' in first)
      const other = await open('c-line', { relatedEntity: [line('line-2')] })
      t.equal(other.repeatContactCount, 0, 'another product of the same customer is another subject')
      const again = await open('c-line', { relatedEntity: [line('line-1')], ticketType: 'Complaint' })
      t.equal(again.repeatContactCount, 1)
      t.same(related(again), [[first.id, 'relatedTo']], 'the same product links even across ticket types')
      const third = await open('c-line', { relatedEntity: [line('line-1'), line('line-2')] })
      t.equal(third.repeatContactCount, 3, 'one ticket naming both products repeats all three')
      const stored = (await op({ method: 'GET', url: again.href })).json()
      t.equal(stored.repeatContactCount, 1, 'stored as answered')
      t.equal((await op({ method: 'GET', url: `${V5}/troubleTicket?repeatContactCount.gte=1&relatedParty.partyOrPartyRole.id=c-line` })).headers['x-total-count'], '2', 'filterable like any attribute')
    })

    t.test('without a product, the same ticketType is the subject; another customer never links', async (t) => {
      const first = await open('c-type')
      const billing = await open('c-type', { ticketType: 'Billing' })
      t.equal(billing.repeatContactCount, 0)
      await open('c-someone-else')
      const again = await open('c-type')
      t.same(related(again), [[first.id, 'relatedTo']])
      t.equal(again.repeatContactCount, 1)
    })

    t.test('the window: resolved tickets count for 30 days after their resolution, open ones always, cancelled ones never', async (t) => {
      now = new Date('2026-04-01T08:00:00.000Z')
      const resolvedLongAgo = await open('c-window', { relatedEntity: [line('w')] })
      await mergePatch(op, resolvedLongAgo.href, { status: 'inProgress' })
      await mergePatch(op, resolvedLongAgo.href, { status: 'resolved' })
      const stillOpen = await open('c-window', { relatedEntity: [line('w')] })
      const cancelled = await open('c-window', { relatedEntity: [line('w')] })
      await mergePatch(op, cancelled.href, { status: 'cancelled' })
      now = new Date(now.getTime() + 10 * DAY)
      const recent = await open('c-window', { relatedEntity: [line('w')] })
      await mergePatch(op, recent.href, { status: 'inProgress' })
      await mergePatch(op, recent.href, { status: 'resolved' })
      await mergePatch(op, recent.href, { status: 'closed' })

      now = new Date(Date.parse('2026-04-01T08:00:00.000Z') + 30 * DAY + 1000)
      const late = await open('c-window', { relatedEntity: [line('w')] })
      t.same(related(late).map(([id]) => id).sort(), [stillOpen.id, recent.id].sort(), 'resolved 30 days and a second ago: out; open, and closed 20 days ago: in')
      t.equal(late.repeatContactCount, 2)
      t.notOk(related(late).some(([id]) => id === cancelled.id), 'a cancelled ticket is no repeat')
    })

    t.test('repeatContactCount is read-only: a client cannot set it on create or patch', async (t) => {
      const doc = await open('c-ro', { repeatContactCount: 7 })
      t.equal(doc.repeatContactCount, 0)
      const res = await mergePatch(op, doc.href, { repeatContactCount: 3 })
      t.equal(res.statusCode, 400)
      t.match(res.json(), { '@type': 'Error', code: 'ERR400-NOT-PATCHABLE' })
    })

    t.test('concurrent tickets of one customer thread one after the other (no two first contacts)', async (t) => {
      const created = await Promise.all(Array.from({ length: 6 }, async () => await open('c-race', { relatedEntity: [line('race')] })))
      t.same(created.map((d) => d.repeatContactCount).sort(), [0, 1, 2, 3, 4, 5])
    })
  })
}
