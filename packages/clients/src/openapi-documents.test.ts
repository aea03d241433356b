import t from 'tap'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createConfig, lint } from '@redocly/openapi-core'

const dir = join(import.meta.dirname, '..', '..', '..', 'openapi')
const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()
const config = await createConfig({ extends: ['recommended'] })

interface Parameter { name: string, in: string, schema?: { type?: string } }
interface Operation { operationId?: string, parameters?: Parameter[], requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> }, responses?: Record<string, { description?: string, headers?: Record<string, unknown> }> }
type Doc = { servers?: Array<{ url: string }>, paths: Record<string, Record<string, Operation>> }

t.ok(files.length >= 8, 'every API version has a document')

for (const file of files) {
  t.test(file, async (t) => {
    const problems = await lint({ ref: join(dir, file), config })
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`)
    t.same(errors, [], 'valid OpenAPI 3.0 (Redocly recommended rules report no error)')

    const doc = JSON.parse(await readFile(join(dir, file), 'utf8')) as Doc
    const [api, version] = file.replace(/\.json$/, '').split('-')
    t.equal(doc.servers?.[0]?.url, `/tmf-api/${api ?? ''}/${version ?? ''}`, 'paths are relative to the API root')
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })))
    for (const { path, method, op } of ops) {
      for (const [status, r] of Object.entries(op.responses ?? {})) t.not(r.description, 'Default Response', `${method} ${path} ${status} has a real description`)
    }
    const lists = ops.filter(({ op }) => op.operationId?.startsWith('list') === true && op.operationId !== 'listHub')
    for (const { op } of lists) {
      const byName = new Map((op.parameters ?? []).map((p) => [p.name, p]))
      t.equal(byName.get('offset')?.schema?.type, 'integer', `${op.operationId ?? ''}: offset is an integer`)
      t.equal(byName.get('limit')?.schema?.type, 'integer', `${op.operationId ?? ''}: limit is an integer`)
      t.ok(op.responses?.['200']?.headers?.['X-Total-Count'], `${op.operationId ?? ''}: X-Total-Count documented`)
    }
    for (const { op } of ops.filter(({ method }) => method === 'patch')) {
      const content = op.requestBody?.content ?? {}
      t.same(Object.keys(content).sort(), ['application/json', 'application/json-patch+json', 'application/json-patch-query+json', 'application/merge-patch+json'], `${op.operationId ?? ''}: each PATCH media type is listed`)
      t.equal(content['application/json-patch+json']?.schema?.$ref, '#/components/schemas/JsonPatchOperations')
      t.equal(content['application/json']?.schema?.$ref, content['application/merge-patch+json']?.schema?.$ref, 'application/json is a merge patch')
    }
  })
}
