import t from 'tap'
import { parseListQuery } from './list-query.ts'
import { MAX_FILTER_LENGTH } from './jsonpath-filter.ts'
import { ticketQueryOptions } from './testing/ticket-fixtures.ts'
import type { PathFilter } from './types.ts'

const jsonpathOf = (filter: string): string => {
  const [c] = parseListQuery(`filter=${encodeURIComponent(filter)}`, ticketQueryOptions).conditions
  return (c as PathFilter).jsonpath
}
const refused = (message: RegExp): { statusCode: number, code: string, message: RegExp } => ({ statusCode: 400, code: 'ERR400-FILTER', message })

t.test('translates to a quoted SQL/JSON path: names and constants never become path syntax', async (t) => {
  t.equal(jsonpathOf("relatedParty[?(@.role=='customer' && @.partyOrPartyRole.id=='c1')]"),
    '$."relatedParty"[*] ? ((@."role" == "customer") && (@."partyOrPartyRole"."id" == "c1"))')
  t.equal(jsonpathOf('$[?(@.priority >= 2 || !(@.active == true))]'), '$ ? ((@."priority" >= 2) || (!(@."active" == true)))')
  t.equal(jsonpathOf("[?(@.name == '\") || true || (\"')]"), '$ ? (@."name" == "\\") || true || (\\"")', 'a quote inside a constant stays inside the string')
  t.equal(jsonpathOf('note[0].text'), '$."note"[0]."text"')
  t.equal(jsonpathOf("relatedParty[*]['role']"), '$."relatedParty"[*]."role"')
  t.equal(jsonpathOf('[?(@.tags.length() == 2)]'), '$ ? (@."tags".size() == 2)')
  t.equal(jsonpathOf("[?(@.creationDate < '2024-01-01T01:00:00+01:00')]"), '$ ? (@."creationDate" < "2024-01-01T00:00:00.000Z")')
})

t.test('unsupported constructs are a 400 naming them', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['$..id', /recursive descent/],
    ['note[0:2]', /array slice/],
    ['note[0,1]', /union/],
    ["note['a','b']", /union/],
    ['note[(@.length-1)]', /script expression/],
    ['note[?(@.text =~ /x/)]', /regular expression/],
    ["note[?(@.author in ['a'])]", /operator 'in'/],
    ['note[?(@.id == $.id)]', /absolute path/],
    ['[?(@.priority.max() > 1)]', /function 'max\(\)'/],
    ['note.length()', /function 'length\(\)'/],
    ['note[-1]', /array index/]
  ]
  for (const [filter, message] of cases) {
    t.throws(() => jsonpathOf(filter), refused(new RegExp(`${message.source}.*is not supported`)), filter)
  }
})

t.test('malformed expressions are a 400 saying where', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty/],
    ["[?(@.a == 'x')", /'\]' expected/],
    ["[?(@.a == 'x]", /unterminated string/],
    ['[?(@.a === 1)]', /use '=='/],
    ['[?(1 == 2)]', /needs an @ path/],
    ["[?('x')]", /constant alone/],
    ['[?(@.a == 1)] extra', /unexpected/],
    ['[?(@.priority == "high")]', /is not a number/],
    ['[?(@.creationDate > "soon")]', /is not a date-time/],
    ['[?(@.channel == "web")]', /structured attribute/],
    ['[?(@.a == 1e999)]', /finite/],
    ["[?(@.a == '\\q')]", /unknown escape/]
  ]
  for (const [filter, message] of cases) t.throws(() => jsonpathOf(filter), refused(message), filter)
})

t.test('bounded: length, depth and number of tests', async (t) => {
  t.throws(() => jsonpathOf(`[?(@.a == '${'x'.repeat(MAX_FILTER_LENGTH)}')]`), refused(/at most 1000 characters/))
  t.throws(() => jsonpathOf(`[?(${'('.repeat(12)}@.a == 1${')'.repeat(12)})]`), refused(/nested more than 8 levels/))
  t.throws(() => jsonpathOf(`[?(${Array.from({ length: 31 }, (_, i) => `@.a == ${i}`).join(' || ')})]`), refused(/more than 30 tests/))
})

t.test('v4 names that cannot be placed are refused rather than guessed', async (t) => {
  const opts = { ...ticketQueryOptions, mapPath: (p: string[]) => p[0] !== 'x' ? p : p.length === 1 ? ['y'] : ['z', ...p.slice(1)] }
  t.throws(() => parseListQuery(`filter=${encodeURIComponent('x[?(@.a == 1)]')}`, opts), refused(/'x.a' cannot be used at this position/))
  const [c] = parseListQuery(`filter=${encodeURIComponent('x.a[?(@ == 1)]')}`, opts).conditions
  t.equal((c as PathFilter).jsonpath, '$."z"."a"[*] ? (@ == 1)', 'a whole run of names is renamed at once')
})
