import { badRequest } from '@cx/errors'
import { paramValues } from './params.ts'
import { splitPath } from './segments.ts'

/**
 * Reads `fields=a,b.c,none` into first-level attribute names (a dotted name selects its first
 * segment). `none` alone gives `[]`: only the always-kept attributes.
 */
export function parseFields (values: readonly string[]): string[] {
  const names = values.join(',').split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (names.length === 0) throw badRequest("'fields' needs attribute names, or 'none'")
  const out: string[] = []
  for (const name of names) {
    if (name === 'none') continue
    const first = splitPath(name, 'field')[0]
    if (first !== undefined && !out.includes(first)) out.push(first)
  }
  return out
}

/**
 * The `fields` query parameter of a single-resource operation (GET by id, POST, PATCH) as
 * Fastify parsed it (a string, or an array when repeated): undefined when absent, else
 * {@link parseFields}. Throws a 400 TmfError for an empty or malformed list.
 */
export function fieldsParam (raw: unknown): string[] | undefined {
  return raw === undefined ? undefined : parseFields(paramValues('fields', raw))
}
