import { randomUUID } from 'node:crypto'
import { appendToOutbox, AUDIT_TABLE, coreMigrations, documentTableMigration, migrate, openDb, type Db, type OutboxEvent } from '@cx/store'
import { testDbOptions, type SendMarker, type StoreKind } from '@cx/test-kit'
import type { DeliveryConfig } from '../config.ts'
import type { EventFormatter } from '../matcher.ts'
import { createRelay, type EventRelay, type RelayOptions } from '../relay.ts'
import { eventsMigrations } from '../schema.ts'

interface Teardown { teardown: (fn: () => unknown) => void }

export async function openTestDb (t: Teardown, kind: StoreKind): Promise<Db> {
  const db = await openDb(await testDbOptions(t, kind))
  t.teardown(async () => await db.close())
  // The audit table too: replays record who asked (an engine server creates it as its audit API's table).
  await migrate(db, [...coreMigrations, ...eventsMigrations, documentTableMigration(AUDIT_TABLE)])
  return db
}

export const identityFormatter: EventFormatter = (envelope) => envelope

export function testConfig (overrides: Partial<DeliveryConfig> = {}): DeliveryConfig {
  return { maxAttempts: 4, retryBaseMs: 40, timeoutMs: 2000, policy: { mode: 'embedded', allowHosts: [] }, ...overrides }
}

export function startRelay (t: Teardown, opts: Partial<RelayOptions> & Pick<RelayOptions, 'db'>): EventRelay & { ready: Promise<void> } {
  const relay = createRelay({ formatter: identityFormatter, config: testConfig(), pollMs: 200, sweepMs: 200, ...opts })
  t.teardown(async () => await relay.close())
  return Object.assign(relay, { ready: relay.start() })
}

export interface TestEvent {
  resourceId: string
  eventType?: string
  parties?: string[]
  doc?: Record<string, unknown>
  api?: string
  resourceName?: string
}

/** A v5 envelope as the engine writes it, with the creation time for latency measurements. */
export function outboxEvent (e: TestEvent): OutboxEvent {
  const eventId = randomUUID()
  const eventType = e.eventType ?? 'TroubleTicketCreateEvent'
  const now = new Date().toISOString()
  const resourceName = e.resourceName ?? 'troubleTicket'
  return {
    eventId,
    api: e.api ?? 'troubleTicket',
    resourceType: resourceName,
    resourceId: e.resourceId,
    eventType,
    parties: e.parties ?? [],
    payload: {
      '@type': eventType,
      '@baseType': 'Event',
      eventId,
      eventTime: now,
      eventType,
      timeOccurred: now,
      domain: 'troubleTicket',
      title: eventType,
      event: { [resourceName]: { id: e.resourceId, href: `/tmf-api/troubleTicket/v5/troubleTicket/${e.resourceId}`, '@type': 'TroubleTicket', ...e.doc } }
    }
  }
}

/** Each event in its own transaction, like resource writes; returns the event ids in order. */
export async function writeEvents (db: Db, events: readonly TestEvent[], relay?: EventRelay): Promise<string[]> {
  const ids: string[] = []
  for (const e of events) {
    const ev = outboxEvent(e)
    await db.transaction(async (tx) => { await appendToOutbox(tx, [ev]) })
    ids.push(ev.eventId)
    relay?.wake()
  }
  return ids
}

export async function deliveryStates (db: Db): Promise<Record<string, number>> {
  const res = await db.query<{ state: string, n: number }>('SELECT state, count(*)::int AS n FROM cx_delivery GROUP BY state')
  return Object.fromEntries(res.rows.map((r) => [r.state, r.n]))
}

/**
 * A marker for callsBeforeMarker (@cx/test-kit): writes `event` (which must reach the listener)
 * and recognises its delivery by event id.
 */
export function markerEvent (db: Db, event: TestEvent, relay?: EventRelay): SendMarker {
  return async () => {
    const [id] = await writeEvents(db, [event], relay)
    return (call) => call.headers['x-event-id'] === id
  }
}
