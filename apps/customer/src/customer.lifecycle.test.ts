import t from 'tap'
import { outboxTypes, requireRoute, storeKinds } from '@cx/test-kit'
import { aCustomer, as, MERGE, startCustomers, V5 } from './test-support.ts'
import { customerTransitions } from './customer.resource.ts'
import { CUSTOMER_STATUSES } from './customer.schemas.ts'

type Status = keyof typeof customerTransitions

for (const kind of storeKinds()) {
  t.test(`TMF629 customer lifecycle on ${kind}`, async (t) => {
    const app = await startCustomers(t, kind)
    const op = as(app, 'operator')
    const move = async (href: string, status: string, extra: Record<string, unknown> = {}) =>
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { status, ...extra } })
    const newCustomerIn = async (status: Status): Promise<string> => {
      const { href } = (await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer() })).json()
      for (const step of requireRoute(customerTransitions, 'Initialized', status)) {
        const res = await move(href, step)
        if (res.statusCode !== 200) throw new Error(`setup ${step}: ${res.body}`)
      }
      return href
    }
    const eventsOf = async (id: string): Promise<string[]> => await outboxTypes(app, id)

    t.test('the declared statuses are exactly the schema\'s', async (t) => {
      t.same(Object.keys(customerTransitions).sort(), [...CUSTOMER_STATUSES].sort())
    })

    t.test('every legal transition is accepted and recorded with its reason', async (t) => {
      for (const from of Object.keys(customerTransitions) as Status[]) {
        for (const to of customerTransitions[from]) {
          const href = await newCustomerIn(from)
          const res = await move(href, to, { statusReason: `${from} to ${to}` })
          t.equal(res.statusCode, 200, `${from} → ${to}`)
          const body = res.json()
          t.equal(body.status, to)
          t.equal(body.statusReason, `${from} to ${to}`)
          const last = body.statusChangeHistory[body.statusChangeHistory.length - 1]
          t.same({ status: last.status, reason: last.statusChangeReason, type: last['@type'] }, { status: to, reason: `${from} to ${to}`, type: 'CustomerStatusChange' })
          t.equal(last.statusChangeDate, body.lastUpdate)
        }
      }
    })

    t.test('every illegal transition is refused with 409 and changes nothing; Inactive is final', async (t) => {
      for (const from of Object.keys(customerTransitions) as Status[]) {
        const href = await newCustomerIn(from)
        for (const to of CUSTOMER_STATUSES) {
          if (to === from || (customerTransitions[from] as readonly string[]).includes(to)) continue
          const res = await move(href, to)
          t.equal(res.statusCode, 409, `${from} ↛ ${to}`)
          t.equal(res.json().code, 'ERR409-TRANSITION')
        }
        t.equal((await op({ method: 'GET', url: href })).json().status, from)
      }
      const unknown = await move(await newCustomerIn('Initialized'), 'Approved')
      t.equal(unknown.statusCode, 400, 'a status outside the lifecycle is a bad request')
      t.equal(unknown.json().code, 'ERR400-STATE')
    })

    t.test('a customer starts Initialized: the server owns the first status', async (t) => {
      const ok = await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ status: 'Initialized', statusReason: 'web sign-up' }) })
      t.equal(ok.statusCode, 201)
      t.equal(ok.json().statusChangeHistory[0].statusChangeReason, 'web sign-up')
      for (const status of ['Validated', 'Active', 'Suspended', 'Inactive']) {
        const res = await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ status }) })
        t.equal(res.statusCode, 201, `asked to be born ${status}`)
        t.equal(res.json().status, 'Initialized')
        t.same(res.json().statusChangeHistory.map((h: { status: string }) => h.status), ['Initialized'])
      }
      const strict = as(await startCustomers(t, kind, { strictChecks: ['initial-state'] }), 'operator')
      const refused = await strict({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ status: 'Active' }) })
      t.equal(refused.statusCode, 400, 'refused with the STRICT_CHECKS initial-state opt-in')
      t.equal(refused.json().code, 'ERR400-INITIAL-STATE')
    })

    t.test('a full life: history, reasons and CustomerStateChangeEvent only when the status moves', async (t) => {
      const created = (await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer() })).json()
      const href = created.href
      await move(href, 'Validated', { statusReason: 'credit check passed' })
      await move(href, 'Active')
      t.equal((await op({ method: 'GET', url: href })).json().statusReason, undefined, 'a reason is not carried over to the next change')
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { description: 'no status change' } })
      await move(href, 'Suspended', { statusReason: 'unpaid bills' })
      await move(href, 'Active', { statusReason: 'paid' })
      const last = (await move(href, 'Inactive', { statusReason: 'moved abroad' })).json()
      t.same(last.statusChangeHistory.map((h: { status: string }) => h.status), ['Initialized', 'Validated', 'Active', 'Suspended', 'Active', 'Inactive'])
      t.same(last.statusChangeHistory.map((h: { statusChangeReason?: string }) => h.statusChangeReason ?? null), [null, 'credit check passed', null, 'unpaid bills', 'paid', 'moved abroad'])
      t.equal(last.statusReason, 'moved abroad')
      const types = await eventsOf(created.id)
      t.equal(types[0], 'CustomerCreateEvent')
      t.equal(types.filter((e) => e === 'CustomerStateChangeEvent').length, 5)
      t.equal(types.filter((e) => e === 'CustomerAttributeValueChangeEvent').length, 6)
      t.equal(types.length, 12)
      const reactivate = await move(href, 'Active')
      t.equal(reactivate.statusCode, 409, 'a customer who left comes back as a new Customer')
      const editable = await op({ method: 'PATCH', url: href, headers: MERGE, payload: { description: 'left in 2030' } })
      t.equal(editable.statusCode, 200, 'an Inactive customer\'s other attributes may still be corrected')
    })

    t.test('a PATCH that changes nothing emits nothing and keeps the version', async (t) => {
      const created = (await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer() })).json()
      const same = await op({ method: 'PATCH', url: created.href, headers: MERGE, payload: { status: 'Initialized', name: created.name } })
      t.equal(same.statusCode, 200)
      t.equal(same.headers.etag, '"1"')
      t.same(await eventsOf(created.id), ['CustomerCreateEvent'])
    })
  })
}
