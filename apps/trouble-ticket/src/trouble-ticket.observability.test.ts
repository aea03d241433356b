import t from 'tap'
import { Writable } from 'node:stream'
import { aTroubleTicket, bearer, promSample, serverTestOptions, startListener, storeKinds, until } from '@cx/test-kit'
import { buildApp } from './app.ts'
import { as, mergePatch, startTroubleTickets, V5 } from './test-support.ts'

const sample = promSample

for (const kind of storeKinds()) {
  t.test(`request ids, 5xx bodies and logs on ${kind}`, async (t) => {
    const lines: Array<Record<string, unknown>> = []
    const stream = new Writable({ write (chunk: Buffer, _enc, done) { lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>); done() } })
    const app = await buildApp(await serverTestOptions(t, kind, { logger: { level: 'debug', stream } }) as never)
    // A route that fails unexpectedly, with a detail the caller must never see.
    app.get('/boom', async () => { throw new Error('connection string postgres://secret@db') })
    t.teardown(() => app.close())
    await app.ready()
    const token = await bearer('fibernet')

    const given = await app.inject({ url: `${V5}/troubleTicket`, headers: { authorization: token, 'x-request-id': 'lb-7f3a.42' } })
    t.equal(given.statusCode, 200)
    t.equal(given.headers['x-request-id'], 'lb-7f3a.42', 'a plausible X-Request-Id is kept and returned')
    const forged = await app.inject({ url: `${V5}/troubleTicket`, headers: { authorization: token, 'x-request-id': 'bad id\nwith newline' } })
    t.match(forged.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'an implausible one is replaced by a new UUID')

    const failed = await app.inject({ url: '/boom', headers: { authorization: token, 'x-request-id': 'req-500' } })
    t.equal(failed.statusCode, 500)
    t.match(failed.json(), { '@type': 'Error', code: 'ERR500', status: '500', message: /\(request id req-500\)$/ })
    t.notMatch(failed.body, /secret/, 'the 5xx body does not leak the error')

    // Filter values (personal data) and the bearer token stay out of the logs; 4xx below error.
    await app.inject({ url: `${V5}/troubleTicket?relatedParty.partyOrPartyRole.name=Jane%20Doe`, headers: { authorization: token, 'x-request-id': 'req-filter' } })
    const missing = await app.inject({ url: `${V5}/troubleTicket/nope`, headers: { authorization: token, 'x-request-id': 'req-404' } })
    t.equal(missing.statusCode, 404)
    const all = lines.map((l) => JSON.stringify(l)).join('\n')
    t.notMatch(all, /Jane/, 'no filter value in any log line')
    t.notMatch(all, token.slice(7, 40), 'no token in any log line')
    const of = (reqId: string): Array<Record<string, unknown>> => lines.filter((l) => l.reqId === reqId)
    t.ok(of('req-filter').some((l) => (l.req as { url?: string } | undefined)?.url === `${V5}/troubleTicket?…`), 'the path is logged without its query')
    t.ok(of('req-404').every((l) => Number(l.level) < 50), 'a 404 is not logged as an error')
    t.ok(of('req-500').some((l) => Number(l.level) === 50 && (l.err as { message?: string } | undefined)?.message !== undefined), 'a 500 is logged at error level with the error')
  })

  t.test(`GET /metrics on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind, { delivery: { maxAttempts: 2, retryBaseMs: 20, timeoutMs: 2000, policy: { mode: 'production', allowHosts: ['127.0.0.1'] } } })
    const op = as(app, 'operator')
    const listener = await startListener(t)
    t.equal((await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listener.url } })).statusCode, 201)
    const created = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })
    t.equal(created.statusCode, 201)
    const href = created.json().href as string
    t.equal((await mergePatch(op, href, { status: 'inProgress' })).statusCode, 200)
    t.equal((await mergePatch(op, href, { status: 'resolved' })).statusCode, 200)
    // Refused (a resolved ticket cannot be acknowledged): rolled back, so counted nowhere.
    t.equal((await mergePatch(op, href, { status: 'acknowledged' })).statusCode, 409)
    await listener.waitFor(6)

    const scrape = async (): Promise<string> => {
      const res = await app.inject({ url: '/metrics' })
      t.equal(res.statusCode, 200)
      t.match(res.headers['content-type'], /^text\/plain/)
      return res.body
    }
    // Delivery outcomes are written after the listener answered: wait until the workers counted them.
    const text = await until('six delivered attempts counted', async () => {
      const body = await scrape()
      return (sample(body, 'cx_hub_delivery_attempts_total', { outcome: 'delivered' }) ?? 0) >= 6 ? body : undefined
    })
    const route = `${V5}/troubleTicket`
    t.equal(sample(text, 'http_request_duration_seconds_count', { method: 'POST', route, status_code: '201' }), 1, 'RED by route pattern')
    t.equal(sample(text, 'http_request_duration_seconds_count', { method: 'PATCH', route: `${route}/:id`, status_code: '200' }), 2, 'the id is not a label')
    t.equal(sample(text, 'http_request_duration_seconds_count', { method: 'PATCH', route: `${route}/:id`, status_code: '409' }), 1)
    t.equal(sample(text, 'cx_resources_created_total', { api: 'troubleTicket', resource: 'troubleTicket' }), 1)
    t.equal(sample(text, 'cx_resource_state_changes_total', { resource: 'troubleTicket', state: 'resolved' }), 1, 'tickets resolved')
    t.equal(sample(text, 'cx_resource_state_changes_total', { resource: 'troubleTicket', state: 'acknowledged' }), 1, 'only the creation entered acknowledged; the refused change counts nothing')
    t.equal(sample(text, 'cx_hub_delivery_latency_seconds_count'), 6)
    t.equal(sample(text, 'cx_hub_delivery_attempt_duration_seconds_count', { outcome: 'delivered' }), 6)
    t.equal(sample(text, 'cx_outbox_pending_events'), 0, 'everything fanned out')
    t.equal(sample(text, 'cx_outbox_oldest_pending_age_seconds'), 0)
    for (const state of ['pending', 'retrying', 'dead']) t.type(sample(text, 'cx_hub_deliveries', { state }), 'number', `deliveries ${state}`)
    t.type(sample(text, 'process_cpu_user_seconds_total'), 'number', 'process metrics')
    if (kind === 'postgres') {
      const max = sample(text, 'cx_db_pool_connections', { state: 'max' }) ?? 0
      t.ok(max > 0 && (sample(text, 'cx_db_pool_connections', { state: 'total' }) ?? Infinity) <= max, 'pool usage within the pool size')
      t.type(sample(text, 'cx_db_pool_connections', { state: 'waiting' }), 'number')
    }
    t.notMatch(text, /http_request_duration_seconds_count\{[^}]*route="\/metrics"/, '/metrics itself is not measured')

    // A dead subscriber: the delivery retries, then is dead-lettered; the gauges follow.
    const dead = await startListener(t, 500)
    await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: dead.url, query: 'eventType=TroubleTicketCreateEvent' } })
    await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })
    const after = await until('a dead letter counted', async () => {
      const body = await scrape()
      return sample(body, 'cx_hub_deliveries', { state: 'dead' }) === 1 ? body : undefined
    })
    t.equal(sample(after, 'cx_hub_delivery_attempts_total', { outcome: 'failed' }), 2)
  })
}
