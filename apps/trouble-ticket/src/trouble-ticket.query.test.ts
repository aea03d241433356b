import t from 'tap'
import { aPartyRef, aTroubleTicket, storeKinds } from '@cx/test-kit'
import { as, startTroubleTickets, V4, V5 } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF630 list queries on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')
    const seed = [
      { name: 't1', severity: 'Critical', priority: '1', ticketType: 'Incident', requestedResolutionDate: '2030-01-01T00:00:00Z', relatedParty: [aPartyRef('customer', 'c1'), aPartyRef('partner', 'p1', 'BusinessPartner')] },
      { name: 't2', severity: 'Major', priority: '2', ticketType: 'Incident', requestedResolutionDate: '2030-01-02T00:00:00Z', relatedParty: [aPartyRef('customer', 'c2')] },
      { name: 't3', severity: 'Minor', priority: '3', ticketType: 'Complaint', requestedResolutionDate: '2030-01-03T12:00:00+02:00', relatedParty: [aPartyRef('customer', 'c1')] },
      { name: 't4', severity: 'Major', priority: '2', ticketType: 'Request', relatedParty: [aPartyRef('customer', 'c3')], troubleTicketCharacteristic: [{ '@type': 'IntegerCharacteristic', name: 'lines', value: 4 }] }
    ]
    for (const s of seed) {
      const res = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket(s) })
      if (res.statusCode !== 201) throw new Error(res.body)
    }
    const names = async (qs: string, base = V5): Promise<string[]> => {
      const res = await op({ method: 'GET', url: `${base}/troubleTicket?${qs}` })
      t.equal(res.statusCode, 200, qs)
      return (res.json() as Array<{ name: string }>).map((x) => x.name).sort()
    }

    t.test('equality, AND across parameters, comma and repeated parameter as OR', async (t) => {
      t.same(await names('severity=Major'), ['t2', 't4'])
      t.same(await names('severity=Major&ticketType=Request'), ['t4'])
      t.same(await names('severity=Critical,Minor'), ['t1', 't3'])
      t.same(await names('severity=Critical&severity=Minor'), ['t1', 't3'])
      t.same(await names('status=acknowledged&name=t2'), ['t2'])
    })

    t.test('dot notation into arrays of nested references', async (t) => {
      t.same(await names('relatedParty.partyOrPartyRole.id=c1'), ['t1', 't3'])
      t.same(await names('relatedParty.role=partner'), ['t1'])
      t.same(await names('troubleTicketCharacteristic.name=lines'), ['t4'])
      t.same(await names('troubleTicketCharacteristic.value.gte=4'), ['t4'])
    })

    t.test('operators compare dates as dates and numbers as numbers', async (t) => {
      t.same(await names('requestedResolutionDate.gt=2030-01-01T00:00:00Z'), ['t2', 't3'])
      t.same(await names('requestedResolutionDate.gte=2030-01-01T00:00:00Z&requestedResolutionDate.lt=2030-01-03T10:00:00Z'), ['t1', 't2'], '12:00+02:00 is 10:00Z, not before it')
      t.same(await names('requestedResolutionDate.lte=2030-01-03T10:00:00Z'), ['t1', 't2', 't3'])
      t.same(await names('requestedResolutionDate.eq=2030-01-02T01:00:00%2B01:00'), ['t2'])
      t.same(await names('severity.ne=Major'), ['t1', 't3'])
      t.same(await names('requestedResolutionDate.ne=2030-01-02T00:00:00Z'), ['t1', 't3'], 'ne needs the attribute to exist')
    })

    t.test('a filter on an attribute no ticket has matches nothing; bad values are 400', async (t) => {
      t.same(await names('colour=blue'), [])
      const bad = await op({ method: 'GET', url: `${V5}/troubleTicket?requestedResolutionDate.gt=yesterday` })
      t.equal(bad.statusCode, 400)
      t.equal(bad.json()['@type'], 'Error')
      const badLimit = await op({ method: 'GET', url: `${V5}/troubleTicket?limit=-1` })
      t.equal(badLimit.statusCode, 400)
      const cursor = await op({ method: 'GET', url: `${V5}/troubleTicket?before=abc` })
      t.equal(cursor.statusCode, 501, 'cursor paging is not implemented')
      t.same(await names('filter=$.colour'), [], 'a JSONPath filter on an attribute no ticket has')
    })

    t.test('fields projection keeps id, href and @type', async (t) => {
      const res = await op({ method: 'GET', url: `${V5}/troubleTicket?fields=severity&name=t1` })
      t.same(Object.keys(res.json()[0]).sort(), ['@type', 'href', 'id', 'severity'])
      const none = await op({ method: 'GET', url: `${V5}/troubleTicket?fields=none&name=t1` })
      t.same(Object.keys(none.json()[0]).sort(), ['@type', 'href', 'id'])
      const one = await op({ method: 'GET', url: `${res.json()[0].href}?fields=name,status` })
      t.same(Object.keys(one.json()).sort(), ['@type', 'href', 'id', 'name', 'status'])
    })

    t.test('offset, limit, counts and Link header', async (t) => {
      const res = await op({ method: 'GET', url: `${V5}/troubleTicket?sort=name&offset=1&limit=2` })
      t.equal(res.statusCode, 200)
      t.equal(res.headers['x-total-count'], '4')
      t.equal(res.headers['x-result-count'], '2')
      t.same(res.json().map((x: { name: string }) => x.name), ['t2', 't3'])
      t.match(res.headers.link, /rel="next"/)
      t.match(res.headers.link, /rel="prev"/)
      const past = await op({ method: 'GET', url: `${V5}/troubleTicket?offset=10` })
      t.same(past.json(), [])
      t.equal(past.headers['x-total-count'], '4')
      t.equal(past.headers['x-result-count'], '0')
    })

    t.test('sort on one or several keys, - for descending', async (t) => {
      const order = async (qs: string) => (await op({ method: 'GET', url: `${V5}/troubleTicket?${qs}` })).json().map((x: { name: string }) => x.name)
      t.same(await order('sort=-name'), ['t4', 't3', 't2', 't1'])
      t.same(await order('sort=severity,-name'), ['t1', 't4', 't2', 't3'])
      t.same(await order('sort=requestedResolutionDate'), ['t1', 't2', 't3', 't4'], 'missing values last')
    })

    t.test('v4 filters on flat paths map onto the v5 document', async (t) => {
      t.same(await names('relatedParty.id=c1', V4), ['t1', 't3'])
      const v4 = await op({ method: 'GET', url: `${V4}/troubleTicket?name=t1` })
      t.equal(v4.json()[0].relatedParty[0].id, 'c1')
    })
  })
}
