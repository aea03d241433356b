import fc from 'fast-check'

/**
 * Request generators for the suite's fuzz test (fast-check arbitraries): hostile ids, query
 * strings, bodies, media types and hub callbacks. Everything a generator produces is sent only
 * to the app under test in this process; hub callbacks name loopback, private or reserved
 * literals only, so no delivery or DNS lookup ever leaves the machine.
 */

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
export type Method = typeof METHODS[number]

/** One route of the app as its OpenAPI document declares it, with what the fuzzer can use. */
export interface RouteInfo {
  root: string
  /** Path template relative to the root, e.g. `/troubleTicket/{id}`. */
  path: string
  methods: readonly string[]
  /** Valid create bodies (the documented examples) for POST on this path. */
  examples: unknown[]
  /** Ids of resources created at set-up under this path's collection. */
  ids: readonly string[]
}

export interface FuzzRequest {
  method: Method
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  /** What was generated, for the failure message (the url and payload are shown as well). */
  note: string
}

// Percent-encodes any UTF-16 string, including lone surrogates (as their 3-byte generalised
// UTF-8 form, which no decoder accepts), so such values reach the server as they would on the wire.
export function looseEncode (value: string): string {
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    const next = value.charCodeAt(i + 1)
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2))
      i++
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else {
      out += encodeURIComponent(value[i] as string)
    }
  }
  return out
}

/** Hand-picked trouble: escapes that are malformed, decode to NUL, to no UTF-8, or to path tricks. */
const NASTY_RAW = ['%', '%z', '%zz', '%0', '%00', 'a%00b', '%C3', '%C0%80', '%ED%A0%80', '%FF%FE', '%E2%82', '%2e%2e', '..', '.', '%2F', 'a%2Fb', '%5C', '%20', '+', '%2B', '%25', '%3B', ';', '%3F', '%23']

/** Unicode text including control characters, lone surrogates and astral characters. */
const anyText = (maxLength = 40): fc.Arbitrary<string> => fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...'abcXYZ019-_.~ ') },
    { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\ud800', '\udfff', '\ufffe', '\uffff', '😀', 'é', 'ß', '中', '\u200b', '\n', '"', '\\', '/', '%', '&', '=', ',', ';', '#', '?', '*', '$', '@', '[', ']', '(', ')', '\'') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }
  ),
  maxLength
})

/** Ordinary text with one character no store can keep (NUL, a lone surrogate) or a rare one somewhere in it. */
const nastyText: fc.Arbitrary<string> = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\u0000\u0000', '\ufffd', '\u2028'), fc.string({ maxLength: 12 }))
  .map(([a, c, b]) => `${a}${c}${b}`)

/** A path segment for `{id}`: a real id, a hostile one (encoded), an over-long one, or raw escapes. */
export function idSegment (ids: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: ids.length > 0 ? 8 : 0, arbitrary: fc.constantFrom(...(ids.length > 0 ? ids : ['none'])) },
    { weight: 3, arbitrary: fc.oneof(anyText(30), nastyText).filter((s) => s.length > 0).map(looseEncode) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_RAW).chain((raw) => fc.tuple(fc.constant(raw), anyText(5).map(looseEncode)).map(([r, s]) => `${s}${r}${s}`)) },
    { weight: 1, arbitrary: fc.integer({ min: 190, max: 1500 }).map((n) => 'i'.repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', 'null', 'undefined', '__proto__', 'constructor', '{id}', '*', '1e400', 'NaN') }
  )
}

/** Query parameter names: the document's attribute names with dot paths and operators, the TMF630 controls, junk. */
export function queryKey (attributes: readonly string[]): fc.Arbitrary<string> {
  const attribute = fc.constantFrom(...attributes)
  const operator = fc.constantFrom('', '', '', '.gt', '.gte', '.lt', '.lte', '.ne', '.eq', '.like', '.in', '.regex', '.', '..', '.gt.lt')
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.array(attribute, { minLength: 1, maxLength: 3 }), operator).map(([path, op]) => `${path.join('.')}${op}`) },
    { weight: 3, arbitrary: fc.constantFrom('fields', 'sort', 'offset', 'limit', 'filter', 'eventType', 'subscriptionId', 'since', 'until', 'id', 'href', '@type', 'depth', 'expand') },
    { weight: 1, arbitrary: anyText(12) }
  )
}

/** Query values: dates, numbers, lists, JSONPath, hostile text. */
export function queryValue (attributes: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('2024-01-01', '2024-01-01T10:00:00Z', '2020-13-45', '9999-99-99T99:99:99Z', 'yesterday', '', 'true', 'null', '-0', '1e400', '-1e400', '0x10', 'NaN', 'Infinity', '99999999999999999999999', '-5', '0', '1', '1000000'),
    fc.constantFrom('acknowledged', 'Major', 'Critical', 'inProgress', 'customer', 'partner', 'none', 'Incident'),
    fc.array(fc.constantFrom(...attributes, '-', '+', ''), { minLength: 1, maxLength: 4 }).map((a) => a.map((x, i) => i === 0 && x.length > 0 ? `-${x}` : x).join(',')),
    fc.constantFrom('$[?(@.status==\'acknowledged\')]', 'relatedParty[?(@.role==\'customer\' && @.partyOrPartyRole.id==\'c1\')]', '$..*', '$[*]', '@.a', '$[?(@.a=~/x/)]', '$[?(@.x>1e400)]', '[?(', '$.__proto__', `$${'.a'.repeat(300)}`, 'attachment[?(@size==300)]'),
    fc.double({ noNaN: false }).map(String),
    anyText(40),
    nastyText,
    fc.integer({ min: 2000, max: 9000 }).map((n) => 'v'.repeat(n))
  )
}

export function queryString (attributes: readonly string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(queryKey(attributes), queryValue(attributes), fc.nat(9), fc.constantFrom(...NASTY_RAW)).map(([k, v, mode, raw]) => {
    if (mode === 0) return `${looseEncode(k)}=${raw}`
    if (mode === 1) return `${looseEncode(k)}`
    // TMF630's `;` and `,` are sent as they are, not encoded.
    return `${looseEncode(k)}=${v.split(/([;,])/).map((part) => part === ';' || part === ',' ? part : looseEncode(part)).join('')}`
  })
  return fc.array(pair, { maxLength: 5 }).map((pairs) => pairs.length === 0 ? '' : `?${pairs.join('&')}`)
}

/** Hosts a callback may name: loopback, private, link-local, metadata and reserved literals only. */
const CALLBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]', '10.0.0.1', '192.168.1.1', '172.16.0.1', '169.254.169.254', '[fe80::1]', '[fc00::1]', '0.0.0.0', '[::]', '[::ffff:127.0.0.1]', '[::ffff:10.0.0.1]', '2130706433', '0x7f.1', '127.1', '017700000001', 'user:pw@127.0.0.1', '[64:ff9b::a00:1]', '100.64.0.1', '127.0.0.1.', 'LOCALHOST']

/** Hub callbacks: every scheme and port form over the hosts above, or text that is no http(s) URL at all. */
export const callbackArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('http', 'https', 'HTTP', 'ftp', 'file', 'javascript', 'gopher', 'ws', 'data'), fc.constantFrom(...CALLBACK_HOSTS), fc.constantFrom('', ':0', ':1', ':9', ':65535', ':65536', ':99999', ':-1', ':abc'), anyText(30)).map(([scheme, host, port, path]) => `${scheme}://${host}${port}/${path}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '/relative', '//127.0.0.1/x', 'http:/127.0.0.1', 'http://', 'http://[::1', 'http://[zz::1]/', `http://127.0.0.1/${'x'.repeat(5000)}`) },
  // Free text may not be read as an http(s) URL (the WHATWG parser drops tabs, newlines and
  // leading controls), so a random host name never becomes a DNS lookup.
  { weight: 1, arbitrary: anyText(40).filter((s) => !/^https?:/i.test(asUrlParserReads(s))) }
)

// JSON texts JSON.stringify cannot produce, implanted as marker strings and swapped in afterwards.
const RAW_TOKENS: Record<string, string> = {
  '<raw:1e400>': '1e400',
  '<raw:-1e400>': '-1e400',
  '<raw:nul>': '"a\\u0000b"',
  '<raw:surrogate>': '"\\ud800"',
  '<raw:deep>': '['.repeat(300) + ']'.repeat(300),
  '<raw:big>': '1'.repeat(400)
}

/** JSON.stringify, then each marker string replaced by its raw JSON text. */
function toRawJson (value: unknown): string {
  let text = JSON.stringify(value) ?? 'null'
  for (const [marker, raw] of Object.entries(RAW_TOKENS)) text = text.split(JSON.stringify(marker)).join(raw)
  return text
}

// The WHATWG URL parser drops tabs and newlines anywhere and C0 controls or spaces in front.
function asUrlParserReads (s: string): string {
  const kept = [...s].filter((c) => c !== '\t' && c !== '\n' && c !== '\r')
  while (kept.length > 0 && (kept[0] as string).charCodeAt(0) <= 0x20) kept.shift()
  return kept.join('')
}

/** Any JSON value with hostile leaves: text with NUL or lone surrogates, huge and tiny numbers. */
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(anyText(20), nastyText, nastyText, fc.constantFrom(...Object.keys(RAW_TOKENS)), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(2 ** 53 + 1, -0, 1e308, 5e-324))
const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, hostileLeaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(anyText(10), nastyText, fc.constantFrom('@type', 'id', 'href', 'status', 'state', 'relatedParty', '__proto__', 'constructor', 'prototype', 'callback', 'query', 'secret')), tie('value'), { maxKeys: 5 })
})).value

/** Replaces or adds `value` at a random place in a copy of `doc`. */
function implant (doc: unknown, path: readonly number[], value: unknown, key: string): unknown {
  if (path.length === 0 || typeof doc !== 'object' || doc === null) return value
  const copy: Record<string, unknown> | unknown[] = Array.isArray(doc) ? [...doc] : { ...(doc as Record<string, unknown>) }
  const keys = Object.keys(copy)
  const [head = 0, ...rest] = path
  const at = keys.length === 0 || head % (keys.length + 1) === keys.length ? key : keys[head % keys.length] as string
  ;(copy as Record<string, unknown>)[at] = implant((copy as Record<string, unknown>)[at], rest, value, key)
  return copy
}

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)

/** Raw JSON texts no serialiser of ours would produce. */
const RAW_BODIES = [
  '', ' ', '{', '[', '{"a":}', '{"a":1,}', 'null', 'true', '0', '"text"', '[]', '{}', '{"a":1e400}', '[-1e400]', '{"a":"\\u0000"}', '{"\\u0000":1}',
  '{"a":"\\ud800"}', '{"a":"\\udc00\\ud800"}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', `{"a":${nested(150)}}`, nested(5000),
  `{"a":"${'x'.repeat(200_000)}"}`, '{"a":1}{"b":2}', '\ufeff{"a":1}', '{"a":NaN}', '{"a":Infinity}', '{"a":0x10}', '{\'a\':1}'
]

/** What a body is meant for: a create, a patch, a hub subscription, or anything else. */
export type BodyKind = 'create' | 'patch' | 'hub' | 'other'

/** A body with the media type it is sent as. */
export interface Body { payload: string | Buffer | undefined, contentType: string }

const patchOp = fc.record({
  op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'frobnicate'),
  path: fc.oneof(fc.constantFrom('/description', '/status', '/state', '/relatedParty/0', '/relatedParty/-', '/relatedParty?role=customer', '/note/999', '', '/', '/__proto__/x', '/a~2b', '/id', '/href', '/ext'), anyText(15), nastyText.map((x) => `/${x}`)),
  from: fc.option(fc.constantFrom('/description', '/relatedParty/0', '/nope'), { nil: undefined }),
  value: hostileJson
}, { requiredKeys: ['op', 'path'] })

const hubBody = fc.record({
  callback: callbackArb,
  query: fc.option(fc.oneof(anyText(30), nastyText, fc.constantFrom('eventType=TroubleTicketCreateEvent', 'event.troubleTicket.severity=Critical', 'event.troubleTicket.lastUpdate.gte=2020-13-45', 'eventType=A,B&x.gt=1e400', 'eventType=A;eventType=B')), { nil: undefined }),
  secret: fc.option(fc.oneof(anyText(40), nastyText.map((x) => `secret-${x}-0123456789`)), { nil: undefined }),
  '@type': fc.option(fc.constantFrom('Hub', 'EventSubscription', 'X'), { nil: undefined }),
  '@baseType': fc.option(fc.constantFrom('Hub', '', 'Extensible'), { nil: undefined })
}, { requiredKeys: ['callback'] }).map(toRawJson)

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8']
const PATCH_TYPES = ['application/merge-patch+json', 'application/json-patch+json', 'application/json-patch-query+json']

/**
 * A body for `kind`, mostly one that gets past parsing and schema validation to the service and
 * the store (a documented example with something hostile implanted, a merge patch, JSON Patch
 * operations, a hub subscription), sent as the matching media type; sometimes random JSON, raw
 * text JSON.stringify never writes (1e400, `\u0000`), bytes that are not UTF-8, any media type.
 */
export function bodyArb (kind: BodyKind, examples: readonly unknown[]): fc.Arbitrary<Body> {
  const example = examples.length > 0 ? fc.constantFrom(...examples) : fc.constant<unknown>({})
  const implanted = (base: fc.Arbitrary<unknown>): fc.Arbitrary<string> => fc.tuple(base, fc.array(fc.nat(8), { maxLength: 4 }), hostileJson, fc.oneof(anyText(8), nastyText))
    .map(([doc, path, value, key]) => toRawJson(implant(doc, path, value, key)))
  const as = (types: readonly string[], payload: fc.Arbitrary<string | Buffer | undefined>): fc.Arbitrary<Body> =>
    fc.tuple(payload, fc.constantFrom(...types)).map(([p, contentType]) => ({ payload: p, contentType }))
  const intended: Record<BodyKind, fc.Arbitrary<Body>> = {
    create: fc.oneof({ weight: 6, arbitrary: as(JSON_TYPES, implanted(example)) }, { weight: 1, arbitrary: as(JSON_TYPES, example.map((doc) => JSON.stringify(doc))) }),
    patch: fc.oneof(
      as(['application/merge-patch+json'], implanted(fc.constant({}))),
      as(['application/merge-patch+json'], implanted(example)),
      as(['application/json-patch+json', 'application/json-patch-query+json'], fc.array(patchOp, { minLength: 1, maxLength: 4 }).map(toRawJson))
    ),
    hub: as(JSON_TYPES, hubBody),
    other: as(JSON_TYPES, hostileJson.map(toRawJson))
  }
  const anything = fc.tuple(fc.oneof(
    implanted(example), hostileJson.map(toRawJson), fc.array(patchOp, { maxLength: 4 }).map(toRawJson), hubBody, fc.constantFrom(...RAW_BODIES),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.concat([Buffer.from('{"description":"'), Buffer.from(bytes), Buffer.from('"}')])),
    fc.constant(undefined)
  ), fc.constantFrom(...CONTENT_TYPES)).map(([payload, contentType]): Body => ({ payload, contentType }))
  return fc.oneof(
    { weight: 5, arbitrary: intended[kind] },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...RAW_BODIES), fc.constantFrom(...JSON_TYPES, ...PATCH_TYPES)).map(([payload, contentType]) => ({ payload, contentType })) },
    { weight: 1, arbitrary: anything }
  )
}

export const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/merge-patch+json', 'application/json-patch+json',
  'application/json-patch-query+json', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/vnd.api+json', 'application/json;;', '*/*', 'application/', 'APPLICATION/JSON', 'application/json, text/plain'
]

/** Who calls: the operator, a partner, nobody, or a token that is no token. */
export const callerArb: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('operator') },
  { weight: 4, arbitrary: fc.constant('partner-fuzz') },
  { weight: 1, arbitrary: fc.constantFrom<string | null>(null, 'Bearer not-a-jwt', 'Basic YTpi', 'Bearer ') }
)
