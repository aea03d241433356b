import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { httpSurfaceCases, storeKinds } from '@cx/test-kit'
import { aMessage, startCommunication, V4 } from './test-support.ts'

const bodyLimit = tmfServerOptionsFromEnv({ BODY_LIMIT_BYTES: '4096' }).bodyLimit ?? 0

for (const kind of storeKinds()) {
  t.test(`TMF681 HTTP surface on ${kind}`, async (t) => {
    const app = await startCommunication(t, kind, { bodyLimit })
    await httpSurfaceCases(t, app, {
      root: V4,
      collection: 'communicationMessage',
      create: () => aMessage(),
      patch: (n) => ({ priority: String(n) }),
      bodyLimit,
      jsonPathQuery: {
        op: { op: 'replace', path: '$.receiver[?(@.phoneNumber==\'+33600000001\')].phoneNumber', value: '+33600000002' },
        expect: (doc) => (doc.receiver as Array<{ phoneNumber?: string }>).map((r) => r.phoneNumber),
        want: ['+33600000002']
      }
    })
  })
}
