import t from 'tap'
import { journeyPartners, kindLabel, recordRoute } from './journey.ts'

t.test('kinds read as words', async (t) => {
  t.equal(kindLabel('ticketReopened'), 'Ticket reopened')
  t.equal(kindLabel('slaBreached'), 'SLA breached')
  t.equal(kindLabel('customerStatusChanged'), 'Customer status changed')
})

t.test('an event links to its record by ids only', async (t) => {
  t.equal(recordRoute('c/1', { id: 't 9', '@referredType': 'TroubleTicket' }), '/customers/c%2F1/records/TroubleTicket/t%209')
  t.equal(recordRoute('c1', { id: 'x', '@referredType': 'Invoice' }), undefined, 'a record type the dashboard cannot show has no link')
})

t.test('the partner filter lists each partner once, by name', async (t) => {
  t.same(journeyPartners([{ partner: { id: 'b', name: 'Zeta' } }, {}, { partner: { id: 'a' } }, { partner: { id: 'b', name: 'Zeta' } }]), [{ id: 'a', name: 'a' }, { id: 'b', name: 'Zeta' }])
})
