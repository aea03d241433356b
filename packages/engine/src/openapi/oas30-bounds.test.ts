import t from 'tap'
import { oas30Bounds } from './oas30-bounds.ts'

t.test('numeric exclusive bounds become OpenAPI 3.0 boolean ones', async (t) => {
  const doc = { components: { schemas: { Rule: { properties: { f: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }, n: { type: 'integer', minimum: 1, maximum: 5 } } } } } }
  t.same(oas30Bounds(doc).components.schemas.Rule.properties, {
    f: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
    n: { type: 'integer', minimum: 1, maximum: 5 }
  })
  t.equal(doc.components.schemas.Rule.properties.f.exclusiveMinimum, 0, 'the input is left as it was')
})

t.test('with both bounds on one side, the tighter one is kept', async (t) => {
  t.same(oas30Bounds({ minimum: 1, exclusiveMinimum: 0 }), { minimum: 1 })
  t.same(oas30Bounds({ minimum: 0, exclusiveMinimum: 0 }), { minimum: 0, exclusiveMinimum: true })
  t.same(oas30Bounds({ maximum: 10, exclusiveMaximum: 5 }), { maximum: 5, exclusiveMaximum: true })
  t.same(oas30Bounds([{ exclusiveMaximum: 2 }, 'x', null]), [{ maximum: 2, exclusiveMaximum: true }, 'x', null])
})
