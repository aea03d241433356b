import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { httpSurfaceCases, storeKinds } from '@cx/test-kit'
import { anSla, ROOT, startSla } from './test-support.ts'

const bodyLimit = tmfServerOptionsFromEnv({ BODY_LIMIT_BYTES: '4096' }).bodyLimit ?? 0

// TMF623 is served on its v4 root only (no second representation to compare ETags with).
for (const kind of storeKinds()) {
  t.test(`TMF623 HTTP surface on ${kind}`, async (t) => {
    const app = await startSla(t, kind, { bodyLimit })
    await httpSurfaceCases(t, app, {
      root: ROOT,
      collection: 'sla',
      create: () => anSla(),
      patch: (n) => ({ version: `1.${n}` }),
      bodyLimit,
      jsonPathQuery: {
        op: { op: 'replace', path: '$.rule[?(@.id==\'ttr-critical\')].referenceValue', value: 12 },
        expect: (doc) => (doc.rule as Array<{ id: string, referenceValue: number }>).map((r) => [r.id, r.referenceValue]),
        want: [['ttr-critical', 12], ['tta-critical', 30], ['availability', 99.9]]
      }
    })
  })
}
