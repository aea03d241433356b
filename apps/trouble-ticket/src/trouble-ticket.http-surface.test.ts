import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { aTroubleTicket, httpSurfaceCases, storeKinds } from '@cx/test-kit'
import { startTroubleTickets, V4, V5 } from './test-support.ts'

const bodyLimit = tmfServerOptionsFromEnv({ BODY_LIMIT_BYTES: '4096' }).bodyLimit ?? 0

for (const kind of storeKinds()) {
  t.test(`TMF621 HTTP surface on ${kind}`, async (t) => {
    const app = await startTroubleTickets(t, kind, { bodyLimit })
    await httpSurfaceCases(t, app, {
      root: V5,
      v4Root: V4,
      collection: 'troubleTicket',
      create: () => aTroubleTicket({ note: [{ '@type': 'Note', id: '1', text: 'first' }, { '@type': 'Note', id: '2', text: 'second' }] }),
      patch: (n) => ({ priority: String(n % 5) }),
      bodyLimit,
      jsonPathQuery: {
        op: { op: 'replace', path: '$.note[?(@.id==\'2\')].text', value: 'second, edited' },
        expect: (doc) => (doc.note as Array<{ text: string }>).map((n) => n.text),
        want: ['first', 'second, edited']
      }
    })
  })
}
