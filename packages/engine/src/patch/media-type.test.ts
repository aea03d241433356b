import t from 'tap'
import { PATCH_MEDIA_TYPES, patchKindOf } from './index.ts'

t.test('maps each accepted media type to its patch kind', async t => {
  t.equal(patchKindOf('application/merge-patch+json'), 'merge')
  t.equal(patchKindOf('application/json'), 'merge')
  t.equal(patchKindOf('application/json-patch+json'), 'json-patch')
  t.equal(patchKindOf('application/json-patch-query+json'), 'json-patch-query')
})

t.test('ignores parameters, surrounding spaces and case', async t => {
  t.equal(patchKindOf('application/merge-patch+json; charset=utf-8'), 'merge')
  t.equal(patchKindOf('application/json;charset=UTF-8'), 'merge')
  t.equal(patchKindOf('  Application/JSON-Patch+JSON ; charset=utf-8'), 'json-patch')
  t.equal(patchKindOf('APPLICATION/JSON-PATCH-QUERY+JSON'), 'json-patch-query')
})

t.test('rejects anything else with 415 naming the accepted types', async t => {
  for (const contentType of [undefined, '', 'text/plain', 'application/xml', 'application/json-patch', 'application/merge-patch+jsonx', 'multipart/form-data; boundary=x']) {
    const err = t.throws(() => patchKindOf(contentType), { statusCode: 415, code: 'ERR415' }, String(contentType)) as Error
    for (const type of PATCH_MEDIA_TYPES) t.match(err.message, type)
  }
})

t.test('lists exactly the four media types, frozen', async t => {
  t.same([...PATCH_MEDIA_TYPES].sort(), [
    'application/json',
    'application/json-patch+json',
    'application/json-patch-query+json',
    'application/merge-patch+json'
  ])
  t.ok(Object.isFrozen(PATCH_MEDIA_TYPES))
})
