import t from 'tap'
import { OPERATOR_AUDIENCE } from '@cx/store'
import { SubscriptionMatcher, type EventFormatter, type OutboxEventRow, type SubscriptionTarget } from './matcher.ts'

const sub = (query: string | null, ownerPartner: string | null = null, version = 'v5'): SubscriptionTarget =>
  ({ id: `s-${query ?? ''}-${ownerPartner ?? ''}`, api: 'troubleTicket', version, query, ownerPartner })

const event = (eventType: string, ticket: Record<string, unknown>, parties: string[] = []): OutboxEventRow => ({
  api: 'troubleTicket',
  resourceType: 'troubleTicket',
  eventType,
  parties,
  payload: { '@type': eventType, eventType, eventId: 'e', event: { troubleTicket: { id: 'T1', href: '/tt/T1', '@type': 'TroubleTicket', ...ticket } } }
})

t.test('query over the envelope: eventType OR, resource attributes, operators', async (t) => {
  const m = new SubscriptionMatcher((e) => e)
  const status = event('TroubleTicketStatusChangeEvent', { severity: 'Critical', priority: 3, status: 'resolved' })
  const create = event('TroubleTicketCreateEvent', { severity: 'Minor', priority: 1 })
  t.ok(m.matches(sub(null), status), 'no query: everything')
  t.ok(m.matches(sub(''), create))
  t.ok(m.matches(sub('eventType=TroubleTicketStatusChangeEvent,TroubleTicketResolvedEvent'), status))
  t.notOk(m.matches(sub('eventType=TroubleTicketStatusChangeEvent,TroubleTicketResolvedEvent'), create))
  t.ok(m.matches(sub('event.troubleTicket.severity=Critical'), status))
  t.notOk(m.matches(sub('event.troubleTicket.severity=Critical'), create))
  t.ok(m.matches(sub('event.troubleTicket.priority.gt=2'), status), '.gt operator')
  t.notOk(m.matches(sub('event.troubleTicket.priority.gt=2'), create))
  t.ok(m.matches(sub('event.troubleTicket.priority<=1'), create), 'symbol operator')
  t.notOk(m.matches(sub('eventType=TroubleTicketStatusChangeEvent&event.troubleTicket.status=acknowledged'), status), 'conditions AND-ed')
  t.notOk(m.matches({ ...sub(null), api: 'productOrder' }, status), 'other API')
})

t.test('queryOptions type the paths per API version, as the hub checked them', async (t) => {
  const asked: string[] = []
  const m = new SubscriptionMatcher((e) => e, () => {}, ({ api, version }) => {
    asked.push(`${api}/${version}`)
    // What the engine would say: v4 flat relatedParty.id is the nested id; the ticket's priority is a string.
    return version === 'v4'
      ? { mapPath: (p) => p.join('.') === 'event.troubleTicket.relatedParty.id' ? ['event', 'troubleTicket', 'relatedParty', 'partyOrPartyRole', 'id'] : p }
      : { describe: (p) => p.join('.') === 'event.troubleTicket.priority' ? { type: 'string', throughArray: false, known: true } : { type: 'unknown', throughArray: true, known: false } }
  })
  const ticket = event('TroubleTicketCreateEvent', { priority: '10', relatedParty: [{ role: 'customer', partyOrPartyRole: { id: 'c1' } }] })
  t.ok(m.matches(sub('event.troubleTicket.relatedParty.id=c1', null, 'v4'), ticket), 'a v4 name reaches the canonical payload')
  t.notOk(m.matches({ ...sub('event.troubleTicket.relatedParty.id=c1', null, 'v5'), id: 'v5-twin' }, ticket), 'not mapped on v5')
  t.notOk(m.matches(sub('event.troubleTicket.priority.gt=9'), ticket), 'typed string: "10" < "9"')
  t.ok(asked.includes('troubleTicket/v4') && asked.includes('troubleTicket/v5'))
})

t.test('partner scope: only events about resources of the partner', async (t) => {
  const m = new SubscriptionMatcher((e) => e)
  t.ok(m.matches(sub(null, 'A'), event('X', {}, ['A', 'C'])))
  t.notOk(m.matches(sub(null, 'B'), event('X', {}, ['A', 'C'])))
  t.ok(m.matches(sub(null, null), event('X', {}, ['A'])), 'operator subscription: all')
})

t.test('audience: a per-viewer event reaches only its viewer', async (t) => {
  const m = new SubscriptionMatcher((e) => e)
  const forA = { ...event('X', {}, ['A']), audience: 'A' }
  const forOperator = { ...event('X', {}, ['A', 'B']), audience: OPERATOR_AUDIENCE }
  t.ok(m.matches(sub(null, 'A'), forA), 'the partner it is for')
  t.notOk(m.matches(sub(null, null), forA), 'not the operator: the operator has its own view')
  t.notOk(m.matches(sub(null, 'B'), forA), 'not another partner')
  t.ok(m.matches(sub(null, null), forOperator), 'operator view: operator subscriptions')
  t.notOk(m.matches(sub(null, 'A'), forOperator), 'operator view: never a partner, even one in parties')
})

t.test('fields projects the resource inside event, keeping id, href and @type', async (t) => {
  const m = new SubscriptionMatcher((e) => e)
  const body = JSON.parse(m.render(sub('fields=severity,note.text'), event('E', { severity: 'Major', status: 'new', note: [{ text: 'x' }] }))) as Record<string, Record<string, unknown>>
  t.same(body.event, { troubleTicket: { id: 'T1', href: '/tt/T1', '@type': 'TroubleTicket', severity: 'Major', note: [{ text: 'x' }] } })
  t.equal(body.eventType, 'E', 'the envelope itself is untouched')
  const none = JSON.parse(m.render(sub('fields=none'), event('E', { severity: 'Major' }))) as Record<string, Record<string, unknown>>
  t.same(none.event, { troubleTicket: { id: 'T1', href: '/tt/T1', '@type': 'TroubleTicket' } })
})

t.test('the engine formatter renders for the subscription version', async (t) => {
  const calls: unknown[] = []
  const formatter: EventFormatter = (envelope, target) => {
    calls.push(target)
    return target.version === 'v4' ? { ...envelope, timeOcurred: 'then' } : envelope
  }
  const m = new SubscriptionMatcher(formatter)
  const body = JSON.parse(m.render(sub(null, null, 'v4'), event('E', {}))) as Record<string, unknown>
  t.equal(body.timeOcurred, 'then')
  t.same(calls, [{ api: 'troubleTicket', version: 'v4', resourceType: 'troubleTicket' }])
})

t.test('a stored query that does not parse matches nothing and is reported', async (t) => {
  const bad: string[] = []
  const m = new SubscriptionMatcher((e) => e, (id) => bad.push(id))
  const s = sub('limit=5')
  t.notOk(m.matches(s, event('E', {})))
  t.notOk(m.matches(s, event('E', {})))
  t.same(bad, [s.id], 'parsed (and reported) once')
  m.retain(new Set())
  t.notOk(m.matches(s, event('E', {})))
  t.equal(bad.length, 2, 'the cache forgets deleted subscriptions')
})
