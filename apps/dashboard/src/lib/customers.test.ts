import t from 'tap'
import { distinct, filterCustomers, NO_FILTERS, openTicketCount, segmentOf, type CustomerRow } from './customers.ts'

const row = (r: Partial<CustomerRow> & { id: string, name: string }): CustomerRow => ({ status: 'Active', segment: undefined, openTickets: 0, experienceIndex: null, churnRisk: undefined, ...r })
const ROWS = [
  row({ id: 'c1', name: 'Ada Lovelace', segment: 'residential', openTickets: 1, churnRisk: 'high' }),
  row({ id: 'c2', name: 'Northwind Traders', segment: 'business', churnRisk: 'low' }),
  row({ id: 'c3', name: 'Grace Hopper', segment: 'residential', openTickets: 2, churnRisk: 'medium' })
]

t.test('open tickets are those acknowledged, in progress, pending or held', async (t) => {
  t.equal(openTicketCount([{ status: 'acknowledged' }, { status: 'inProgress' }, { status: 'pending' }, { status: 'held' }, { status: 'resolved' }, { status: 'closed' }, { status: 'cancelled' }, {}]), 4)
})

t.test('the segment is the characteristic named segment', async (t) => {
  t.equal(segmentOf([{ name: 'tier', value: 'gold' }, { name: 'segment', value: 'business' }]), 'business')
  t.equal(segmentOf([{ name: 'segment', value: 3 }]), undefined)
  t.equal(segmentOf(undefined), undefined)
})

t.test('filters combine: name part (any case) or exact id, segment, churn risk, open tickets', async (t) => {
  const ids = (f: Partial<typeof NO_FILTERS>) => filterCustomers(ROWS, { ...NO_FILTERS, ...f }).map((r) => r.id)
  t.same(ids({}), ['c1', 'c2', 'c3'])
  t.same(ids({ text: '  LOVE ' }), ['c1'])
  t.same(ids({ text: 'c2' }), ['c2'])
  t.same(ids({ text: '2' }), [], 'an id matches whole, not in part')
  t.same(ids({ segment: 'residential' }), ['c1', 'c3'])
  t.same(ids({ segment: 'residential', churnRisk: 'medium' }), ['c3'])
  t.same(ids({ openTicketsOnly: true }), ['c1', 'c3'])
  t.same(ids({ openTicketsOnly: true, text: 'northwind' }), [])
})

t.test('distinct drops empties and sorts', async (t) => {
  t.same(distinct(['b', undefined, 'a', '', 'b']), ['a', 'b'])
})
