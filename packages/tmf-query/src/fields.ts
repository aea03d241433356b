import { badRequest } from '@cx/errors'
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
