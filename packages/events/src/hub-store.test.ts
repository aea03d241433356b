import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { createHubStore } from './hub-store.ts'
import { openTestDb } from './testing/harness.ts'

for (const kind of storeKinds()) {
  t.test(`hub subscriptions on ${kind}`, async (t) => {
    const db = await openTestDb(t, kind)
    const hubs = createHubStore(db)
    const a = await hubs.create({ api: 'troubleTicket', version: 'v5', callback: 'http://a.example/l', query: 'eventType=X', ownerPartner: 'A', secret: 'shh' })
    const b = await hubs.create({ api: 'troubleTicket', version: 'v4', callback: 'http://b.example/l', query: null, ownerPartner: 'B', secret: null })
    const op = await hubs.create({ api: 'troubleTicket', version: 'v5', callback: 'http://op.example/l', query: null, ownerPartner: null, secret: null })
    await hubs.create({ api: 'productOrder', version: 'v5', callback: 'http://po.example/l', query: null, ownerPartner: null, secret: null })

    t.match(a.id, /^[0-9a-f-]{36}$/)
    t.same(a, {
      id: a.id,
      api: 'troubleTicket',
      version: 'v5',
      callback: 'http://a.example/l',
      query: 'eventType=X',
      ownerPartner: 'A',
      hasSecret: true,
      extensible: {},
      createdAt: a.createdAt,
      stats: { delivered: 0, failed: 0, deadLettered: 0, lastError: null, lastErrorAt: null, flagged: false }
    })
    t.match(a.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    t.notOk(JSON.stringify(await hubs.get(a.id)).includes('shh'), 'the secret is never read back')
    t.equal((await hubs.get(b.id))?.hasSecret, false)
    t.equal(await hubs.get('missing'), undefined)
    const typed = await hubs.create({ api: 'troubleTicket', version: 'v5', callback: 'http://t.example/l', query: null, ownerPartner: null, secret: null, extensible: { '@type': 'TicketHub', '@baseType': 'Hub', '@schemaLocation': 'https://example.org/h.json' } })
    t.same((await hubs.get(typed.id))?.extensible, { '@type': 'TicketHub', '@baseType': 'Hub', '@schemaLocation': 'https://example.org/h.json' }, 'Extensible attributes are kept as sent')
    t.equal((await hubs.delete(typed.id)), true)

    t.same((await hubs.list('troubleTicket', null)).map((h) => h.id).sort(), [a.id, b.id, op.id].sort(), 'operator lists all of the API')
    t.same((await hubs.list('troubleTicket', 'A')).map((h) => h.id), [a.id], 'a partner lists its own')
    t.same(await hubs.list('troubleTicket', 'Z'), [])

    t.equal(await hubs.delete(a.id), true)
    t.equal(await hubs.delete(a.id), false)
    t.equal(await hubs.get(a.id), undefined)
  })
}
