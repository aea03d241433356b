import t from 'tap'
import { assertStorableJson, unstorable } from './storable.ts'
import { queryStringProblem } from './request-guard.ts'
import { linkHeader, MAX_LINK_HEADER_BYTES } from './list-headers.ts'

t.test('unstorable text: NUL and unpaired surrogates, nothing else', async (t) => {
  for (const bad of ['a\u0000', '\ud800', 'x\udfff', '\udc00\ud800', '\ud83d\ud83d\ude00x\ud800']) t.ok(unstorable(bad), JSON.stringify(bad))
  for (const ok of ['', 'plain', '😀', '\ud83d\ude00\ud83d\ude00', '\uffff', '\u0001\u001f', 'é中']) t.equal(unstorable(ok), undefined, JSON.stringify(ok))
})

t.test('a body is refused with a JSON Pointer to what is wrong', async (t) => {
  t.throws(() => assertStorableJson({ a: [{ 'b/c~d': 'x\u0000' }] }), { statusCode: 400, code: 'ERR400-INVALID-CHARACTER', message: "the value at '/a/0/b~1c~0d' contains the NUL character (U+0000)" })
  t.throws(() => assertStorableJson({ a: { '\ud800': 1 } }), { code: 'ERR400-INVALID-CHARACTER', message: /a key in '\/a'/ })
  t.throws(() => assertStorableJson([1, Number.POSITIVE_INFINITY]), { code: 'ERR400-INVALID-NUMBER', message: /'\/1'/ })
  let deep: unknown = 'leaf'
  for (let i = 0; i < 100; i++) deep = [deep]
  t.doesNotThrow(() => assertStorableJson(deep), '100 levels are fine')
  t.throws(() => assertStorableJson([deep]), { code: 'ERR400-TOO-DEEP' }, '101 are not')
  t.doesNotThrow(() => assertStorableJson({ n: 1e308, m: -0, s: '😀', nested: { ok: [null, true] } }))
})

t.test('query strings: escapes must decode to UTF-8 text a store can hold', async (t) => {
  for (const url of ['/x?a=%zz', '/x?a=%', '/x?a=%C3', '/x?a=%ED%A0%80', '/x?a=%00', '/x?%00=1', '/x?a=b&c=%FF']) t.ok(queryStringProblem(url), url)
  for (const url of ['/x', '/x?', '/x?a=b', '/x?a=%C3%A9&b=%F0%9F%98%80', '/x?a=1,2;b=3', '/x?a+b=c%20d', '/x?flag']) t.equal(queryStringProblem(url), undefined, url)
})

t.test('the Link header never exceeds its budget', async (t) => {
  const page = { total: 100, count: 10, offset: 10, limit: 10 }
  t.match(linkHeader('/r?a=b', page), /^<\/r\?a=b&offset=10&limit=10>; rel="self", <\/r\?a=b&offset=0&limit=10>; rel="first", .*rel="prev", .*rel="next", .*rel="last"$/)
  const medium = linkHeader(`/r?a=${'x'.repeat(1200)}`, page) ?? ''
  t.ok(medium.length <= MAX_LINK_HEADER_BYTES)
  t.same([...medium.matchAll(/rel="(\w+)"/g)].map((m) => m[1]), ['prev', 'next'])
  t.equal(linkHeader(`/r?a=${'x'.repeat(3000)}`, page), undefined)
  t.equal(linkHeader('/r', { ...page, limit: 0 }), undefined)
})
