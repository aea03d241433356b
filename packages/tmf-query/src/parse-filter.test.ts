import t from 'tap'
import { parseFilter } from './parse-filter.ts'
import { matchesConditions } from './match.ts'
import { ticketQueryOptions } from './testing/ticket-fixtures.ts'

t.test('a hub subscription query', async (t) => {
  t.same(parseFilter('eventType=A,B&event.troubleTicket.severity=Critical&fields=id,status'), {
    conditions: [
      { path: ['eventType'], op: 'eq', values: ['A', 'B'], type: 'unknown' },
      { path: ['event', 'troubleTicket', 'severity'], op: 'eq', values: ['Critical'], type: 'unknown' }
    ],
    fields: ['id', 'status']
  })
  t.same(parseFilter(''), { conditions: [], fields: undefined })
  t.same(parseFilter('?eventType=X'), { conditions: [{ path: ['eventType'], op: 'eq', values: ['X'], type: 'unknown' }], fields: undefined }, 'a leading ? is allowed')
})

t.test('the same grammar as list queries, decoded as a URL query (an encoded comma is a literal one)', async (t) => {
  const { conditions } = parseFilter('a=1&a=2&b%3E=3&c!=x&d<4&e.lte=2024-01-01&name=O%27Brien+Q%2C&f>=')
  t.same(conditions, [
    { path: ['a'], op: 'eq', values: ['1', 1, '2', 2], type: 'unknown' },
    { path: ['b'], op: 'gte', values: ['3', 3], type: 'unknown' },
    { path: ['c'], op: 'ne', values: ['x'], type: 'unknown' },
    { path: ['d'], op: 'lt', values: ['4', 4], type: 'unknown' },
    { path: ['e'], op: 'lte', values: ['2024-01-01', '2024-01-01T00:00:00.000Z'], type: 'unknown' },
    { path: ['name'], op: 'eq', values: ["O'Brien Q,"], type: 'unknown' },
    { path: ['f'], op: 'gte', values: [''], type: 'unknown' }
  ])
})

t.test('describe and mapPath apply', async (t) => {
  t.same(parseFilter('relatedParty.id=c1&priority.gt=2&fields=none', ticketQueryOptions), {
    conditions: [
      { path: ['relatedParty', 'partyOrPartyRole', 'id'], op: 'eq', values: ['c1'], type: 'string' },
      { path: ['priority'], op: 'gt', values: [2], type: 'number', scalar: true }
    ],
    fields: []
  })
})

t.test('closedEnums refuses a value outside the schema\'s enum; lists leave it open', async (t) => {
  const closed = { ...ticketQueryOptions, closedEnums: true }
  t.same(parseFilter('status=resolved,closed', closed).conditions, [{ path: ['status'], op: 'eq', values: ['resolved', 'closed'], type: 'string', scalar: true }])
  t.throws(() => parseFilter('status=resolved,reslved', closed), { statusCode: 400, code: 'ERR400-ENUM', message: /'reslved' is not one of acknowledged, inProgress, resolved, closed, rejected/ })
  t.throws(() => parseFilter('status=resolved;severity=Critical&status.ne=gone', closed), { statusCode: 400, code: 'ERR400-ENUM' }, 'every operator, inside an OR too')
  t.same(parseFilter('status=gone', ticketQueryOptions).conditions[0], { path: ['status'], op: 'eq', values: ['gone'], type: 'string', scalar: true }, 'without closedEnums it simply matches nothing')
  t.same(parseFilter('severity=Anything', closed).conditions[0], { path: ['severity'], op: 'eq', values: ['Anything'], type: 'string', scalar: true }, 'a plain string is open')
})

t.test('errors', async (t) => {
  t.throws(() => parseFilter('filter=x'), { statusCode: 400, message: /not supported in a subscription query/ })
  t.throws(() => parseFilter('a=1;filter=x'), { statusCode: 400, message: /not supported in a subscription query/ })
  for (const name of ['offset', 'limit', 'sort']) {
    t.throws(() => parseFilter(`${name}=1`), { statusCode: 400, message: /not allowed in a subscription/ }, name)
  }
  t.throws(() => parseFilter('a..b=1'), { statusCode: 400, message: /not a valid attribute path/ })
  t.throws(() => parseFilter('priority=high', ticketQueryOptions), { statusCode: 400, message: /expects a number/ })
  t.throws(() => parseFilter('fields='), { statusCode: 400, message: /fields/ })
})

t.test('; joins whole expressions into an OR, evaluated in memory as in SQL', async (t) => {
  const { conditions } = parseFilter('eventType=TroubleTicketCreateEvent;event.troubleTicket.severity=Critical&event.troubleTicket.status=acknowledged')
  const event = (eventType: string, severity: string, status = 'acknowledged'): Record<string, unknown> => ({ eventType, event: { troubleTicket: { severity, status } } })
  t.ok(matchesConditions(event('TroubleTicketCreateEvent', 'Minor'), conditions), 'the first alternative')
  t.ok(matchesConditions(event('TroubleTicketStatusChangeEvent', 'Critical'), conditions), 'the second alternative')
  t.notOk(matchesConditions(event('TroubleTicketStatusChangeEvent', 'Minor'), conditions), 'neither')
  t.notOk(matchesConditions(event('TroubleTicketCreateEvent', 'Critical', 'closed'), conditions), 'the AND-ed parameter still applies')
})
