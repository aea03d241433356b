import t from 'tap'
import { aPartyRef, startListener, storeKinds } from '@cx/test-kit'
import { aMessage, as, mergePatch, outboxTypes, startCommunication, V4 } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF681 communicationMessage on ${kind}`, async (t) => {
    const app = await startCommunication(t, kind)
    const op = as(app, 'operator')

    t.test('create answers 201 in state initial, required attributes refused with a TMF Error', async (t) => {
      const res = await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: aMessage() })
      t.equal(res.statusCode, 201)
      const msg = res.json()
      t.match(msg, { '@type': 'CommunicationMessage', state: 'initial', messageType: 'SMS', href: `${V4}/communicationMessage/${String(msg.id)}` })
      t.equal(res.headers.location, msg.href)
      t.same(await outboxTypes(app, msg.id), ['CommunicationMessageCreateEvent'])
      for (const missing of ['content', 'messageType', 'receiver', 'sender']) {
        const body = aMessage()
        delete body[missing]
        const bad = await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: body })
        t.equal(bad.statusCode, 400, `without ${missing}`)
        t.match(bad.json(), { '@type': 'Error', status: '400' })
      }
      const none = await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: aMessage({ receiver: [] }) })
      t.equal(none.statusCode, 400, 'a message needs a receiver')
      const v4Type = aMessage()
      delete v4Type['@type']
      t.equal((await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: v4Type })).statusCode, 201, '@type is optional on a v4 root')
    })

    t.test('a channel system moves the state on: initial → inProgress → completed, with history and events', async (t) => {
      const msg = (await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: aMessage() })).json()
      t.equal((await mergePatch(op, msg.href, { state: 'inProgress', sendTime: '2026-01-01T10:00:00Z' })).statusCode, 200)
      const done = await mergePatch(op, msg.href, { state: 'completed' })
      t.equal(done.statusCode, 200)
      t.equal(done.json().state, 'completed')
      t.type(done.json().sendTimeComplete, 'string', 'sendTimeComplete set when delivery ends')
      t.same(done.json().stateChangeHistory.map((h: { state: string }) => h.state), ['initial', 'inProgress', 'completed'])
      const back = await mergePatch(op, msg.href, { state: 'inProgress' })
      t.equal(back.statusCode, 409, 'completed is final')
      t.match(back.json(), { '@type': 'Error', status: '409' })
      t.same(await outboxTypes(app, msg.id), [
        'CommunicationMessageCreateEvent',
        'CommunicationMessageAttributeValueChangeEvent', 'CommunicationMessageStateChangeEvent',
        'CommunicationMessageAttributeValueChangeEvent', 'CommunicationMessageStateChangeEvent'
      ])
      const failed = (await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: aMessage() })).json()
      t.equal((await mergePatch(op, failed.href, { state: 'failed', stateChangeReason: 'number unreachable' })).statusCode, 200)
      t.equal((await mergePatch(op, failed.href, { state: 'inProgress' })).statusCode, 200, 'a failed message may be tried again')
      t.equal((await mergePatch(op, failed.href, { state: 'bogus' })).statusCode, 400, 'an unknown state is bad input')
    })

    t.test('partner scope: a partner sees only messages of its own share', async (t) => {
      const mine = (await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: aMessage() })).json()
      const other = (await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: aMessage({ relatedParty: [aPartyRef('partner', 'mobico', 'BusinessPartner')] }) })).json()
      const fibreco = as(app, 'fibreco')
      const list = await fibreco({ method: 'GET', url: `${V4}/communicationMessage?limit=1000` })
      const ids = (list.json() as Array<{ id: string }>).map((m) => m.id)
      t.ok(ids.includes(mine.id), 'its own message')
      t.notOk(ids.includes(other.id), 'not another partner\'s')
      t.equal((await fibreco({ method: 'GET', url: other.href })).statusCode, 404)
      t.equal((await fibreco({ method: 'PATCH', url: other.href, headers: { 'content-type': 'application/merge-patch+json' }, payload: { state: 'cancelled' } })).statusCode, 404)
    })

    t.test('the hub delivers a new message to a channel system', async (t) => {
      const listener = await startListener(t)
      const hub = await op({ method: 'POST', url: `${V4}/hub`, payload: { callback: listener.url, query: 'eventType=CommunicationMessageCreateEvent&event.communicationMessage.messageType=email' } })
      t.equal(hub.statusCode, 201)
      await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: aMessage({ messageType: 'SMS' }) })
      const mail = (await op({ method: 'POST', url: `${V4}/communicationMessage`, payload: aMessage({ messageType: 'email', receiver: [{ email: 'ann@example.com' }] }) })).json()
      const [call] = await listener.waitFor(1)
      t.match(call?.body, { eventType: 'CommunicationMessageCreateEvent', event: { communicationMessage: { id: mail.id, messageType: 'email' } } })
    })
  })
}
