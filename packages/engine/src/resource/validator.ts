import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { TSchema } from 'typebox'
import { badRequest } from '@cx/errors'
import type { Doc } from './declaration.ts'

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

/** Compiles resource schemas once and turns the first violation into a readable 400. */
export class SchemaValidator {
  private readonly ajv: Ajv
  private readonly cache = new Map<TSchema, ValidateFunction>()
  readonly refs = new Map<string, object>()

  constructor (components: readonly TSchema[]) {
    this.ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false, useDefaults: false, discriminator: true })
    addFormats(this.ajv)
    for (const c of components) {
      const id = (c as { $id?: string }).$id
      if (id === undefined || this.refs.has(id)) continue
      this.refs.set(id, c)
      this.ajv.addSchema(c)
    }
  }

  assert (schema: TSchema, value: unknown, what: string): asserts value is Doc {
    let fn = this.cache.get(schema)
    if (fn === undefined) {
      const id = (schema as { $id?: string }).$id
      fn = id !== undefined && this.refs.has(id) ? this.ajv.getSchema(id) : undefined
      fn ??= this.ajv.compile(schema)
      this.cache.set(schema, fn)
    }
    if (!fn(value)) throw badRequest(`${what}: ${describeValidationError(fn.errors?.[0])}`, 'ERR400-VALIDATION')
  }
}

/** One ajv error in words, naming the attribute by its dotted path (`contactMedium.0.phoneNumber is required`). */
export function describeValidationError (e: ErrorObject | undefined): string {
  if (e === undefined) return 'invalid'
  const at = e.instancePath === '' ? 'body' : e.instancePath.slice(1).replace(/\//g, '.')
  if (e.keyword === 'required') return `${at === 'body' ? '' : at + '.'}${String((e.params as { missingProperty: string }).missingProperty)} is required`
  if (e.keyword === 'additionalProperties') return `${at} has an unknown attribute ${String((e.params as { additionalProperty: string }).additionalProperty)}`
  if (e.keyword === 'enum') return `${at} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`
  return `${at} ${e.message ?? 'is invalid'}`
}
