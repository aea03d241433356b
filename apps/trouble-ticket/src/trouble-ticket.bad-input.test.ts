import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { storeKinds } from '@cx/test-kit'
import { as, startTroubleTickets, V5 } from './test-support.ts'

// What PostgreSQL cannot store (NUL, invalid Unicode), what JSON cannot represent (1e400) and
// what would exhaust a recursive walker (deep nesting) is refused at the edge, on every route:
// 400 for bodies and queries, 404 for ids. Never a 500, never stored as something else.

const TICKET = '"@type":"TroubleTicket","severity":"Major","ticketType":"Incident"'
const json = { 'content-type': 'application/json' }
const merge = { 'content-type': 'application/merge-patch+json' }

function isTmfError (t: Test, res: LightMyRequestResponse, status: number, what: string, code?: RegExp): void {
  t.equal(res.statusCode, status, `${what}: ${status}`)
  const body = res.json()
  t.equal(body['@type'], 'Error', `${what}: a TMF Error`)
  t.equal(body.status, String(status))
  if (code !== undefined) t.match(body.code, code, `${what}: ${String(body.message)}`)
}

for (const kind of storeKinds()) {
  t.test(`bad input is a 4xx TMF Error on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')
    const created = await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: json, payload: `{${TICKET},"description":"fine"}` })
    t.equal(created.statusCode, 201)
    const href = String(created.json().href)

    t.test('ids no identifier can hold are unknown ids', async (t) => {
      isTmfError(t, await op({ method: 'GET', url: `${V5}/troubleTicket/a%00b` }), 404, 'NUL in an id')
      isTmfError(t, await op({ method: 'GET', url: `${V5}/troubleTicket/a%ED%A0%80b` }), 404, 'an encoded lone surrogate in an id')
      isTmfError(t, await op({ method: 'GET', url: `${V5}/troubleTicket/a%FFb` }), 404, 'a byte that is not UTF-8 in an id')
      isTmfError(t, await op({ method: 'PATCH', url: `${V5}/troubleTicket/a%00b`, headers: merge, payload: '{"description":"x"}' }), 404, 'PATCH on a NUL id')
      isTmfError(t, await op({ method: 'DELETE', url: `${V5}/troubleTicket/%00` }), 404, 'DELETE on a NUL id')
      isTmfError(t, await op({ method: 'GET', url: `${V5}/hub/a%00` }), 404, 'NUL in a hub id')
      isTmfError(t, await op({ method: 'POST', url: `${V5}/hub/deadLetter/a%00/replay` }), 404, 'NUL in a dead-letter id')
    })

    t.test('query values: bad percent-encoding, NUL and invalid Unicode are a 400', async (t) => {
      for (const q of ['description=a%00b', 'description=a%zzb', 'description=a%ED%A0%80b', 'description=%FF', 'descr%00iption=x', 'fields=description%00', 'sort=%C0%80']) {
        isTmfError(t, await op({ method: 'GET', url: `${V5}/troubleTicket?${q}` }), 400, q, /^ERR400/)
      }
      isTmfError(t, await op({ method: 'GET', url: `${V5}/troubleTicket/${String(created.json().id)}?fields=a%00` }), 400, 'NUL in fields of a GET by id')
      isTmfError(t, await op({ method: 'GET', url: `${V5}/hub/deadLetter?eventType=a%00b` }), 400, 'NUL in a dead-letter filter')
      isTmfError(t, await op({ method: 'GET', url: `${V5}/hub/deadLetter?subscriptionId=%ED%B0%80` }), 400, 'a lone surrogate in a dead-letter filter')
      const fine = await op({ method: 'GET', url: `${V5}/troubleTicket?description=fine&note.text=%E2%9C%93%F0%9F%98%80` })
      t.equal(fine.statusCode, 200, 'well-formed UTF-8 escapes (✓, an emoji) are fine')
    })

    t.test('body strings and keys with NUL or lone surrogates are a 400', async (t) => {
      const bodies = {
        'NUL in a value': `{${TICKET},"description":"a\\u0000b"}`,
        'a lone high surrogate': `{${TICKET},"description":"a\\ud800b"}`,
        'a lone low surrogate deep inside': `{${TICKET},"description":"x","note":[{"@type":"Note","text":"\\udc00"}]}`,
        'NUL in a key': `{${TICKET},"description":"x","ext\\u0000":1}`,
        'a lone surrogate in a nested key': `{${TICKET},"description":"x","characteristic":[{"\\ud83d":"v"}]}`
      }
      for (const [what, payload] of Object.entries(bodies)) {
        isTmfError(t, await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: json, payload }), 400, `POST, ${what}`, /ERR400-INVALID-CHARACTER/)
      }
      isTmfError(t, await op({ method: 'PATCH', url: href, headers: merge, payload: '{"description":"a\\u0000"}' }), 400, 'merge patch with NUL', /ERR400-INVALID-CHARACTER/)
      isTmfError(t, await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/json-patch+json' }, payload: '[{"op":"replace","path":"/description","value":"\\ud800"}]' }), 400, 'JSON Patch with a lone surrogate')
      isTmfError(t, await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/json-patch+json' }, payload: '[{"op":"add","path":"/a\\u0000","value":1}]' }), 400, 'JSON Patch with NUL in a path')
      const emoji = await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: json, payload: `{${TICKET},"description":"\\ud83d\\ude00 surrogate pairs are fine"}` })
      t.equal(emoji.statusCode, 201, 'a proper surrogate pair is a character like any other')
      t.equal(emoji.json().description, '😀 surrogate pairs are fine')
    })

    t.test('a body that is not UTF-8 is a 400', async (t) => {
      const payload = Buffer.concat([Buffer.from(`{${TICKET},"description":"a`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])
      isTmfError(t, await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: json, payload }), 400, 'invalid UTF-8 bytes', /ERR400-MALFORMED-JSON/)
    })

    t.test('numbers JSON cannot represent are refused, not stored as null', async (t) => {
      for (const n of ['1e400', '-1e400', '123456789e999']) {
        isTmfError(t, await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: json, payload: `{${TICKET},"description":"x","priority":${n}}` }), 400, `POST ${n}`, /ERR400-INVALID-NUMBER/)
      }
      isTmfError(t, await op({ method: 'PATCH', url: href, headers: merge, payload: '{"ext":1e400}' }), 400, 'merge patch 1e400', /ERR400-INVALID-NUMBER/)
    })

    t.test('nesting beyond the limit is a 400 on POST as on PATCH, and the limit itself is fine', async (t) => {
      const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)
      isTmfError(t, await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: json, payload: `{${TICKET},"description":"x","ext":${nested(10_000)}}` }), 400, 'POST 10,000 levels', /ERR400-TOO-DEEP/)
      isTmfError(t, await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: json, payload: `{${TICKET},"description":"x","ext":${nested(400_000)}}` }), 400, 'POST 400,000 levels (800 kB)', /ERR400-TOO-DEEP/)
      isTmfError(t, await op({ method: 'PATCH', url: href, headers: merge, payload: `{"ext":${nested(10_000)}}` }), 400, 'PATCH 10,000 levels')
      const ok = await op({ method: 'POST', url: `${V5}/troubleTicket`, headers: json, payload: `{${TICKET},"description":"x","ext":${nested(20)}}` })
      t.equal(ok.statusCode, 201, '20 levels are accepted')
    })

    t.test('hub callbacks and secrets', async (t) => {
      isTmfError(t, await op({ method: 'POST', url: `${V5}/hub`, headers: json, payload: '{"callback":"http://127.0.0.1:9/a\\u0000b"}' }), 400, 'NUL in a callback')
      isTmfError(t, await op({ method: 'POST', url: `${V5}/hub`, headers: json, payload: '{"callback":"http://127.0.0.1:9/\\udfff"}' }), 400, 'lone surrogate in a callback')
      isTmfError(t, await op({ method: 'POST', url: `${V5}/hub`, headers: json, payload: '{"callback":"http://127.0.0.1:9/cb","secret":"0123456789\\u0000abcdef"}' }), 400, 'NUL in a secret')
      isTmfError(t, await op({ method: 'POST', url: `${V5}/hub`, headers: json, payload: '{"callback":"http://127.0.0.1:9/cb","query":"eventType=a\\u0000"}' }), 400, 'NUL in a subscription query')
    })

    t.test('nothing refused was stored or announced', async (t) => {
      const rows = await app.db.query<{ n: string }>("SELECT count(*)::text AS n FROM trouble_ticket WHERE doc->>'description' <> 'fine' AND doc->>'description' NOT LIKE '%surrogate pairs%' AND doc->>'description' <> 'x'")
      t.equal(rows.rows[0]?.n, '0')
      const stored = await app.db.query<{ doc: Record<string, unknown> }>('SELECT doc FROM trouble_ticket')
      t.notOk(stored.rows.some((r) => 'priority' in r.doc || r.doc.ext === null), 'no number became null')
      const hubs = await app.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cx_hub')
      t.equal(hubs.rows[0]?.n, '0', 'no subscription was created')
    })
  })
}
