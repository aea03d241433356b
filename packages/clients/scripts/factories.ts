/** One exported OpenAPI document, named `{api}-{version}.json` by scripts/export-openapi.ts. */
export interface ApiDocument {
  file: string
  /** API name as in URLs: troubleTicket, customerManagement… */
  api: string
  /** v4, v5, v1… */
  version: string
  /** Generated module name, e.g. troubleTicket-v5. */
  module: string
  /** Namespace of its types, e.g. troubleTicketV5. */
  namespace: string
}

const NAME = /^([A-Za-z][A-Za-z0-9]*)-(v\d+)\.json$/
const versionNumber = (v: string): number => Number(v.slice(1))
const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

/** Reads `troubleTicket-v5.json`; throws on any other name so a stray file is noticed. */
export function parseDocumentName (file: string): ApiDocument {
  const m = NAME.exec(file)
  if (m === null) throw new Error(`openapi/${file}: expected {api}-v{N}.json`)
  const [, api = '', version = ''] = m
  return { file, api, version, module: `${api}-${version}`, namespace: `${api}${pascal(version)}` }
}

/**
 * Source of src/generated/apis.ts: each document's types as a namespace, a factory per document
 * (`createTroubleTicketV4Client`), and for the latest version of each API the unversioned name
 * (`createTroubleTicketClient`).
 */
export function factoriesSource (docs: readonly ApiDocument[]): string {
  const latest = new Map<string, ApiDocument>()
  for (const d of docs) {
    const seen = latest.get(d.api)
    if (seen === undefined || versionNumber(d.version) > versionNumber(seen.version)) latest.set(d.api, d)
  }
  const lines = ["import { createTmfClient, type TmfClient, type TmfClientOptions } from '../client.ts'"]
  for (const d of docs) lines.push(`import type * as ${d.namespace} from './${d.module}.ts'`)
  lines.push('', `export type { ${docs.map((d) => d.namespace).join(', ')} }`, '')
  lines.push('/** Path of each API root on a CX Suite server; a client\'s baseUrl is the origin followed by it. */')
  lines.push('export const API_ROOTS = {')
  for (const d of docs) lines.push(`  ${d.namespace}: '/tmf-api/${d.api}/${d.version}',`)
  lines.push('} as const')
  for (const d of docs) {
    const name = `create${pascal(d.namespace)}Client`
    lines.push('', `/** Client of ${d.api} ${d.version} (openapi/${d.file}); baseUrl is the absolute API root, e.g. http://127.0.0.1:8080/tmf-api/${d.api}/${d.version}. */`)
    lines.push(`export function ${name} (options: TmfClientOptions): TmfClient<${d.namespace}.paths> {`)
    lines.push(`  return createTmfClient<${d.namespace}.paths>(options)`)
    lines.push('}')
    if (latest.get(d.api) === d) {
      lines.push(`/** Client of the latest version of ${d.api} (${d.version}). */`)
      lines.push(`export const create${pascal(d.api)}Client = ${name}`)
    }
  }
  return lines.join('\n') + '\n'
}
