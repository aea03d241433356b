import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { as, MERGE_PATCH } from './http.ts'

type Body = Record<string, unknown>

/** The HTTP surface every engine resource shares, described for one resource of one app. */
export interface SurfaceSpec {
  /** The canonical root, e.g. `/tmf-api/troubleTicket/v5`. */
  root: string
  /** The v4 root when the API also serves v4 from the same documents. */
  v4Root?: string
  /** Collection name, e.g. `troubleTicket`. */
  collection: string
  /** A valid create body. */
  create: () => Body
  /** A valid merge patch that changes the resource, different for each `n`. */
  patch: (n: number) => Body
  /** The body limit the app under test was started with (from BODY_LIMIT_BYTES). */
  bodyLimit: number
  /**
   * A JSON Patch Query operation in its JSONPath form (TMF630 part 5), applied to a resource
   * created from `create()`, and what the patched resource must then show.
   */
  jsonPathQuery: { op: Body, expect: (doc: Body) => unknown, want: unknown }
}

/** `<url>; rel="name"` pairs of a Link header (RFC 8288), by relation. */
export function parseLinkHeader (header: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of String(header ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]*)>;\s*rel="([^"]+)"$/.exec(part.trim())
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[2]] = m[1]
  }
  return out
}

/**
 * Cases the README promises of every API, run by each app's own test file on its own app (started
 * with `bodyLimit`): ETag and If-Match in all their forms (and on v4), 413 and 415 on POST and
 * PATCH, Link URLs that serve their pages, and JSON Patch Query in JSONPath form.
 */
export async function httpSurfaceCases (t: Test, app: FastifyInstance, spec: SurfaceSpec): Promise<void> {
  const op = as(app, 'operator')
  const collection = `${spec.root}/${spec.collection}`
  const create = async (): Promise<Body & { id: string, href: string }> => {
    const res = await op({ method: 'POST', url: collection, payload: spec.create() })
    if (res.statusCode !== 201) throw new Error(`setup: ${res.statusCode} ${res.body}`)
    return res.json()
  }

  await t.test('ETag and If-Match: strong, weak, *, lists; v4 shares the version', async (t) => {
    const { href, id } = await create()
    const got = await op({ method: 'GET', url: href })
    t.equal(got.headers.etag, '"1"')
    let n = 0
    const patchWith = async (ifMatch: string): Promise<number> =>
      (await op({ method: 'PATCH', url: href, headers: { ...MERGE_PATCH, 'if-match': ifMatch }, payload: spec.patch(++n) })).statusCode
    t.equal(await patchWith('"0"'), 412, 'a stale strong tag')
    t.equal(await patchWith('W/"0"'), 412, 'a stale weak tag')
    t.equal(await patchWith('"7", W/"0"'), 412, 'a list of stale tags')
    const stale = await op({ method: 'PATCH', url: href, headers: { ...MERGE_PATCH, 'if-match': '"0"' }, payload: spec.patch(++n) })
    t.match(stale.json(), { '@type': 'Error', code: 'ERR412', status: '412' })
    t.equal(await patchWith('"1"'), 200, 'the current strong tag')
    t.equal(await patchWith('W/"2"'), 200, 'the current tag in weak form')
    t.equal(await patchWith('"0", "3"'), 200, 'a list holding the current tag')
    t.equal(await patchWith('*'), 200, '* matches any current version')
    const now = await op({ method: 'GET', url: href })
    t.equal(now.headers.etag, '"5"', 'every accepted PATCH made a version')
    if (spec.v4Root !== undefined) {
      const v4href = `${spec.v4Root}/${spec.collection}/${id}`
      const v4 = await op({ method: 'GET', url: v4href })
      t.equal(v4.headers.etag, '"5"', 'v4 reads the same version')
      t.equal((await op({ method: 'PATCH', url: v4href, headers: { ...MERGE_PATCH, 'if-match': '"4"' }, payload: {} })).statusCode, 412, 'v4 refuses a stale tag')
      const v4ok = await op({ method: 'PATCH', url: v4href, headers: { ...MERGE_PATCH, 'if-match': '"5"' }, payload: spec.patch(++n) })
      t.equal(v4ok.statusCode, 200, 'v4 accepts the current one')
    }
  })

  await t.test('413 beyond the body limit and 415 for other media, on POST and PATCH', async (t) => {
    const { href } = await create()
    const oversized = { ...spec.create(), description: 'x'.repeat(spec.bodyLimit) }
    const post = await op({ method: 'POST', url: collection, payload: oversized })
    t.equal(post.statusCode, 413, 'POST')
    t.match(post.json(), { '@type': 'Error', code: 'ERR413', status: '413' })
    const patch = await op({ method: 'PATCH', url: href, headers: MERGE_PATCH, payload: { description: 'x'.repeat(spec.bodyLimit) } })
    t.equal(patch.statusCode, 413, 'PATCH')
    t.match(patch.json(), { '@type': 'Error', code: 'ERR413' })
    const fits = await op({ method: 'POST', url: collection, payload: { ...spec.create(), description: 'x'.repeat(Math.floor(spec.bodyLimit / 4)) } })
    t.equal(fits.statusCode, 201, 'a body under the limit is accepted')

    const text = await op({ method: 'POST', url: collection, headers: { 'content-type': 'text/plain' }, payload: 'hello' })
    t.equal(text.statusCode, 415, 'POST as text/plain')
    t.match(text.json(), { '@type': 'Error', code: 'ERR415', status: '415' })
    const xml = await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/xml' }, payload: '<a/>' })
    t.equal(xml.statusCode, 415, 'PATCH as application/xml')
    t.match(xml.json(), { '@type': 'Error', code: 'ERR415' })
    t.equal((await op({ method: 'GET', url: href })).headers.etag, '"1"', 'nothing refused was applied')
  })

  await t.test('Link: every relation is a URL serving its page, filter and sort kept', async (t) => {
    const mark = `link-${Date.now()}`
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const res = await op({ method: 'POST', url: collection, payload: { ...spec.create(), description: mark } })
      ids.push(String(res.json().id))
    }
    ids.sort()
    const page = await op({ method: 'GET', url: `${collection}?description=${mark}&sort=id&offset=2&limit=2` })
    t.equal(page.headers['x-total-count'], '5')
    const links = parseLinkHeader(page.headers.link)
    t.same(Object.keys(links).sort(), ['first', 'last', 'next', 'prev', 'self'])
    const want: Record<string, string[]> = { self: ids.slice(2, 4), first: ids.slice(0, 2), prev: ids.slice(0, 2), next: ids.slice(4), last: ids.slice(4) }
    for (const [rel, url] of Object.entries(links)) {
      t.match(url, new RegExp(`^${collection}\\?`), `${rel} is a URL under the collection`)
      const res = await op({ method: 'GET', url })
      t.equal(res.statusCode, 200, `${rel} serves`)
      t.same(res.json().map((d: { id: string }) => d.id), want[rel], `${rel} serves its page`)
    }
    const lastPage = await op({ method: 'GET', url: links.last ?? '' })
    t.same(Object.keys(parseLinkHeader(lastPage.headers.link)).sort(), ['first', 'last', 'prev', 'self'], 'no next after the last page')
  })

  await t.test('JSON Patch Query in JSONPath form', async (t) => {
    const { href } = await create()
    const res = await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/json-patch-query+json' }, payload: [spec.jsonPathQuery.op] })
    t.equal(res.statusCode, 200, res.body)
    t.same(spec.jsonPathQuery.expect(res.json()), spec.jsonPathQuery.want, 'the selected element changed')
    t.same(spec.jsonPathQuery.expect((await op({ method: 'GET', url: href })).json()), spec.jsonPathQuery.want, 'and was stored')
  })
}
