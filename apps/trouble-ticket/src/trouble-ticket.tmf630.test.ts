import t from 'tap'
import { aPartyRef, aTroubleTicket, storeKinds } from '@cx/test-kit'
import { as, startTroubleTickets, V4, V5 } from './test-support.ts'

// TMF630 forms through the HTTP surface: `;` OR, unsupported operators, JSONPath filter=,
// 405 with Allow, trailing slashes, fields= on every operation that returns a resource, and the
// server-owned initial status.
for (const kind of storeKinds()) {
  t.test(`TMF630 forms and HTTP semantics on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind)
    const op = as(app, 'operator')
    const seed = [
      { name: 't1', severity: 'Critical', ticketType: 'Incident', relatedParty: [aPartyRef('customer', 'c1'), aPartyRef('partner', 'p1', 'BusinessPartner')] },
      { name: 't2', severity: 'Major', ticketType: 'Incident', relatedParty: [aPartyRef('customer', 'c2'), aPartyRef('partner', 'c1', 'BusinessPartner')] },
      { name: 't3', severity: 'Minor', ticketType: 'Complaint', relatedParty: [aPartyRef('customer', 'c1')] }
    ]
    const ids: Record<string, string> = {}
    for (const s of seed) {
      const res = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket(s) })
      if (res.statusCode !== 201) throw new Error(res.body)
      ids[s.name] = res.json().id
    }
    await op({ method: 'PATCH', url: `${V5}/troubleTicket/${ids.t2 ?? ''}`, headers: { 'content-type': 'application/merge-patch+json' }, payload: { status: 'rejected' } })
    const names = async (qs: string, base = V5): Promise<string[]> => {
      const res = await op({ method: 'GET', url: `${base}/troubleTicket?${qs}` })
      t.equal(res.statusCode, 200, `${qs}: ${res.body.slice(0, 200)}`)
      return (res.json() as Array<{ name: string }>).map((x) => x.name).sort()
    }

    t.test('; separates whole expressions, OR-ed', async (t) => {
      t.same(await names('status=acknowledged;status=rejected'), ['t1', 't2', 't3'])
      t.same(await names('status=rejected;severity=Critical'), ['t1', 't2'])
      t.same(await names('status=rejected;severity=Critical&ticketType=Incident'), ['t1', 't2'])
      t.same(await names('status=rejected;severity=Minor&ticketType=Incident'), ['t2'], 'the OR is AND-ed with the other parameters')
      t.same(await names('severity=Major;Minor'), ['t2', 't3'], 'a bare value after ; is one more value')
      t.same(await names('status=rejected;severity=Critical', V4), ['t1', 't2'], 'on v4 as well')
    })

    t.test('a filter the server cannot evaluate exactly is a 400 TMF Error', async (t) => {
      for (const qs of ['severity.like=Maj', 'name.regex=t.*', 'status=x;severity.contains=M', 'limit=1;status=x', 'filter=relatedParty[0:1]', 'filter=%24..id']) {
        const res = await op({ method: 'GET', url: `${V5}/troubleTicket?${qs}` })
        t.equal(res.statusCode, 400, qs)
        t.equal(res.json()['@type'], 'Error', qs)
      }
      const res = await op({ method: 'GET', url: `${V5}/troubleTicket?filter=${encodeURIComponent('note[?(@.text =~ /x/)]')}` })
      t.match(res.json().message, /regular expression match '=~' is not supported/, 'the unsupported construct is named')
      t.equal((await op({ method: 'GET', url: `${V5}/troubleTicket?after=abc` })).statusCode, 501, 'cursors are not implemented')
    })

    t.test('JSONPath filter= holds conditions on the same array element', async (t) => {
      const sameElement = encodeURIComponent("relatedParty[?(@.role=='customer' && @.partyOrPartyRole.id=='c1')]")
      t.same(await names(`filter=${sameElement}`), ['t1', 't3'])
      t.same(await names('relatedParty.role=customer&relatedParty.partyOrPartyRole.id=c1'), ['t1', 't2', 't3'], 'attribute filters may match different elements (t2: c1 is its partner)')
      t.same(await names(`filter=${encodeURIComponent("$[?(@.severity == 'Minor' || @.status == 'rejected')]")}`), ['t2', 't3'])
      t.same(await names(`filter=${sameElement}&severity=Critical`), ['t1'], 'AND-ed with attribute filters')
      t.same(await names(`filter=${encodeURIComponent("relatedParty[?(@.role=='customer' && @.id=='c1')]")}`, V4), ['t1', 't3'], 'v4 names on the v4 root')
      t.same(await names(`filter=${sameElement}&limit=1&sort=name`), ['t1'], 'paged like any list')
    })

    t.test('an existing path with an unsupported method is a 405 with Allow', async (t) => {
      const put = await op({ method: 'PUT', url: `${V5}/troubleTicket/${ids.t1 ?? ''}`, payload: aTroubleTicket() })
      t.equal(put.statusCode, 405)
      t.equal(put.headers.allow, 'DELETE, GET, HEAD, PATCH')
      t.same({ ...put.json(), message: undefined }, { '@type': 'Error', code: 'ERR405', reason: 'Method Not Allowed', status: '405', message: undefined })
      const del = await op({ method: 'DELETE', url: `${V4}/troubleTicket` })
      t.equal(del.statusCode, 405)
      t.equal(del.headers.allow, 'GET, HEAD, POST')
      t.equal((await op({ method: 'PUT', url: `${V5}/nothingHere/1` })).statusCode, 404, 'a path that exists under no method stays a 404')
    })

    t.test('a trailing slash names the same route', async (t) => {
      const created = await op({ method: 'POST', url: `${V4}/troubleTicket/`, payload: { description: 'd', severity: 'Minor', ticketType: 'Request' } })
      t.equal(created.statusCode, 201)
      t.equal((await op({ method: 'GET', url: `${V5}/troubleTicket/${String(created.json().id)}/` })).statusCode, 200)
      t.equal((await op({ method: 'GET', url: `${V5}/troubleTicket/?name=t1` })).json().length, 1)
      const invalid = await op({ method: 'POST', url: `${V4}/troubleTicket/`, payload: { description: 'd', severity: 'High', ticketType: 'problem', note: { author: 'x' } } })
      t.equal(invalid.statusCode, 400, 'validated like the route without the slash')
      await op({ method: 'DELETE', url: `${V5}/troubleTicket/${String(created.json().id)}` })
    })

    t.test('fields= applies to POST and PATCH responses too', async (t) => {
      const v5 = await op({ method: 'POST', url: `${V5}/troubleTicket?fields=severity,status`, payload: aTroubleTicket({ name: 'f1' }) })
      t.equal(v5.statusCode, 201)
      t.same(Object.keys(v5.json()).sort(), ['@type', 'href', 'id', 'severity', 'status'], 'v5 keeps id, href and @type')
      t.ok(v5.headers.location, 'Location is still sent')
      const href = String(v5.json().href)
      const patched = await op({ method: 'PATCH', url: `${href}?fields=description`, headers: { 'content-type': 'application/merge-patch+json' }, payload: { description: 'changed' } })
      t.same(patched.json(), { id: v5.json().id, href, '@type': 'TroubleTicket', description: 'changed' })
      const stored = await op({ method: 'GET', url: href })
      t.equal(stored.json().name, 'f1', 'the projection shapes the answer, not the stored resource')

      const v4 = await op({ method: 'POST', url: `${V4}/troubleTicket?fields=description`, payload: { description: 'v4 only', severity: 'Minor', ticketType: 'Request' } })
      t.same(v4.json(), { description: 'v4 only' }, 'a v4 root returns exactly what was asked (TMF630 Part 1 §4.3)')
      const v4href = String(v4.headers.location)
      t.same((await op({ method: 'GET', url: `${v4href.replace('/v5/', '/v4/')}?fields=none` })).json(), { id: v4href.split('/').pop(), href: v4href.replace('/v5/', '/v4/') }, 'fields=none gives id and href')
      const bad = await op({ method: 'POST', url: `${V5}/troubleTicket?fields=a%20b`, payload: aTroubleTicket({ name: 'never' }) })
      t.equal(bad.statusCode, 400, 'a malformed fields list is refused')
      t.same(await names('name=never'), [], '... before anything is written')
    })

    t.test('the server owns the initial status', async (t) => {
      const v4 = await op({ method: 'POST', url: `${V4}/troubleTicket`, payload: { description: 'd', severity: 'Low', ticketType: 'connectivity', status: 'nanana' } })
      t.equal(v4.statusCode, 201, 'the TMF621 CTK creates with a status of its own')
      t.equal(v4.json().status, 'acknowledged')
      const v5 = await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ status: 'closed' }) })
      t.equal(v5.json().status, 'acknowledged')
      t.same(v5.json().statusChangeHistory.map((h: { status: string }) => h.status), ['acknowledged'])
      const strict = as(await startTroubleTickets(t, kind, { strictChecks: ['initial-state'] }), 'operator')
      const refused = await strict({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket({ status: 'closed' }) })
      t.equal(refused.statusCode, 400, 'refused only with the STRICT_CHECKS initial-state opt-in')
      t.equal(refused.json().code, 'ERR400-INITIAL-STATE')
    })
  })
}
