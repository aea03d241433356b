import t from 'tap'
import { storeKinds, testDbOptions } from '@cx/test-kit'
import { openDb } from './open-db.ts'
import { migrate } from './migrate.ts'
import { coreMigrations } from './core-schema.ts'
import { documentTableMigration } from './document-table.ts'
import { DocumentStore } from './document-store.ts'
import { appendToOutbox } from './outbox.ts'

for (const kind of storeKinds()) {
  t.test(`document store on ${kind}`, async (t) => {
    const db = await openDb(await testDbOptions(t, kind))
    t.teardown(() => db.close())
    const applied = await migrate(db, [...coreMigrations, documentTableMigration('thing', [{ name: 'created', path: ['creationDate'] }])])
    t.same(applied, ['core-001-outbox-and-hub', 'core-002-outbox-audience', 'core-003-outbox-trace', 'table-thing-001'])
    t.same(await migrate(db, [...coreMigrations]), [], 'migrations apply once')

    const store = new DocumentStore('thing')
    await db.transaction(async (tx) => {
      await store.insert(tx, 'a', { id: 'a', n: 1 }, ['p1'])
      await store.insert(tx, 'b', { id: 'b', n: 2 }, ['p2'])
      await appendToOutbox(tx, [{ eventId: 'e1', api: 'x', resourceType: 'thing', resourceId: 'a', eventType: 'ThingCreateEvent', parties: ['p1'], payload: { eventId: 'e1' } }])
    })
    t.same(await store.findById(db, 'a', null), { doc: { id: 'a', n: 1 }, version: 1 })
    t.equal(await store.findById(db, 'a', ['p2']), undefined, 'outside the scope nothing is found')
    t.same((await store.findRawById(db, 'b', ['p2']))?.version, 1)

    const page = await store.list(db, { where: '', params: [], orderBy: "doc #> '{n}' DESC", offset: 0, limit: 1, scope: null })
    t.equal(page.total, 2)
    t.same(page.items.map((i) => i.doc.id), ['b'])
    const past = await store.list(db, { where: '', params: [], orderBy: '', offset: 5, limit: 1, scope: ['p1'] })
    t.same(past, { total: 1, items: [] }, 'an empty page still counts the matches')

    const version = await db.transaction(async (tx) => {
      const row = await store.findForUpdate(tx, 'a', null)
      t.ok(row)
      return await store.update(tx, 'a', { id: 'a', n: 3 }, ['p1', 'p3'])
    })
    t.equal(version, 2)
    t.same((await store.findById(db, 'a', ['p3']))?.doc, { id: 'a', n: 3 })

    await t.rejects(db.transaction(async (tx) => {
      await store.delete(tx, 'a')
      await appendToOutbox(tx, [{ eventId: 'e2', api: 'x', resourceType: 'thing', resourceId: 'a', eventType: 'ThingDeleteEvent', parties: [], payload: {} }])
      throw new Error('boom')
    }), /boom/)
    t.ok(await store.findById(db, 'a', null), 'a rolled-back delete leaves the row')
    const outbox = await db.query<{ event_id: string }>('SELECT event_id FROM cx_outbox ORDER BY seq')
    t.same(outbox.rows.map((r) => r.event_id), ['e1'], 'and leaves no event behind')
  })
}
