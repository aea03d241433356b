import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { httpSurfaceCases, storeKinds } from '@cx/test-kit'
import { aSurvey, startSurveys, V1 } from './test-support.ts'

const bodyLimit = tmfServerOptionsFromEnv({ BODY_LIMIT_BYTES: '4096' }).bodyLimit ?? 0

// The survey extension has one root (v1), so no second representation to compare ETags with.
for (const kind of storeKinds()) {
  t.test(`customerSatisfaction HTTP surface on ${kind}`, async (t) => {
    const app = await startSurveys(t, kind, { bodyLimit })
    await httpSurfaceCases(t, app, {
      root: V1,
      collection: 'survey',
      create: () => aSurvey(),
      patch: (n) => ({ name: `After a repair (${2024 + n})` }),
      bodyLimit,
      jsonPathQuery: {
        op: { op: 'replace', path: '$.question[?(@.id==\'tech\')].text', value: 'How was the technician?' },
        expect: (doc) => (doc.question as Array<{ id: string, text: string }>).find((q) => q.id === 'tech')?.text,
        want: 'How was the technician?'
      }
    })
  })
}
