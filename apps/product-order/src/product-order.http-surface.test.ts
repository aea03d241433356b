import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { httpSurfaceCases, storeKinds } from '@cx/test-kit'
import { anOrder, startProductOrders, V4, V5 } from './test-support.ts'

const bodyLimit = tmfServerOptionsFromEnv({ BODY_LIMIT_BYTES: '4096' }).bodyLimit ?? 0

for (const kind of storeKinds()) {
  t.test(`TMF622 HTTP surface on ${kind}`, async (t) => {
    const app = await startProductOrders(t, kind, { bodyLimit })
    await httpSurfaceCases(t, app, {
      root: V5,
      v4Root: V4,
      collection: 'productOrder',
      create: () => anOrder({ note: [{ '@type': 'Note', id: 'n1', text: 'first' }, { '@type': 'Note', id: 'n2', text: 'second' }] }),
      patch: (n) => ({ priority: String(n % 5) }),
      bodyLimit,
      jsonPathQuery: {
        op: { op: 'replace', path: '$.note[?(@.id==\'n2\')].text', value: 'second, edited' },
        expect: (doc) => (doc.note as Array<{ text: string }>).map((n) => n.text),
        want: ['first', 'second, edited']
      }
    })
  })
}
