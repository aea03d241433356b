import { createHmac } from 'node:crypto'
import type { Test } from 'tap'
import { startListener } from '@cx/test-kit'
import type { HubPaths, TmfClient } from '../index.ts'
import { HUB_SECRET } from './serve.ts'

/**
 * Subscribes with callback, query and secret through the typed client, waits for the signed
 * delivery `trigger` causes, reads the subscription back, lists dead letters with paging, and
 * deletes it.
 */
export function hubSmoke (t: Test, client: TmfClient<HubPaths>, eventType: string, trigger: () => Promise<unknown>): void {
  t.test('hub: subscribe with callback, query and secret; get; delete', async (t) => {
    const listener = await startListener(t)
    const query = `eventType=${eventType}`
    const hub = await client.POST('/hub', { body: { callback: listener.url, query, secret: HUB_SECRET } })
    t.equal(hub.response.status, 201)
    const id = hub.data?.id ?? ''
    t.equal(hub.response.headers.get('Location'), hub.data?.href)
    await trigger()
    const [call] = await listener.waitFor(1)
    const signature = `sha256=${createHmac('sha256', HUB_SECRET).update(call?.rawBody ?? '').digest('hex')}`
    t.equal(call?.headers['x-hub-signature-256'], signature, 'deliveries are signed with the secret')
    t.equal(call?.headers['x-event-type'], eventType, 'the query selected the event')
    const got = await client.GET('/hub/{id}', { params: { path: { id } } })
    t.equal(got.data?.query, query)
    t.ok(got.data !== undefined && !('secret' in got.data), 'the secret is never returned')
    const dead = await client.GET('/hub/deadLetter', { params: { query: { subscriptionId: id, offset: 0, limit: 10 } } })
    t.equal(dead.response.status, 200, 'dead letters page with integer offset/limit')
    t.equal(dead.response.headers.get('X-Total-Count'), '0')
    const removed = await client.DELETE('/hub/{id}', { params: { path: { id } } })
    t.equal(removed.response.status, 204)
    t.equal((await client.GET('/hub/{id}', { params: { path: { id } } })).response.status, 404)
  })
}
