import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { httpSurfaceCases, storeKinds } from '@cx/test-kit'
import { aCustomer, anEmail, aPhone, startCustomers, V4, V5 } from './test-support.ts'

const bodyLimit = tmfServerOptionsFromEnv({ BODY_LIMIT_BYTES: '4096' }).bodyLimit ?? 0

for (const kind of storeKinds()) {
  t.test(`TMF629 HTTP surface on ${kind}`, async (t) => {
    const app = await startCustomers(t, kind, { bodyLimit })
    await httpSurfaceCases(t, app, {
      root: V5,
      v4Root: V4,
      collection: 'customer',
      create: () => aCustomer({ contactMedium: [anEmail(), aPhone()] }),
      patch: (n) => ({ name: `Ada King ${n}` }),
      bodyLimit,
      jsonPathQuery: {
        op: { op: 'replace', path: '$.contactMedium[?(@.contactType==\'mobile\')].phoneNumber', value: '+441632960002' },
        expect: (doc) => (doc.contactMedium as Array<{ phoneNumber?: string }>).map((c) => c.phoneNumber),
        want: [undefined, '+441632960002']
      }
    })
  })
}
