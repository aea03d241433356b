import { TmfError, badRequest } from '@cx/errors'

/** TMF v5 additions this engine does not implement: a 501 tells the client so instead of ignoring them. */
const UNSUPPORTED = new Set(['before', 'after'])

export function assertSupported (name: string): void {
  if (UNSUPPORTED.has(name)) {
    throw new TmfError(501, 'ERR501', 'Not Implemented', `query parameter '${name}' (cursor paging) is not supported; use offset/limit`)
  }
}

/** A parsed querystring value as a list of strings: Fastify gives a string, or an array when repeated. */
export function paramValues (name: string, raw: unknown): string[] {
  if (typeof raw === 'string') return [raw]
  if (typeof raw === 'number' || typeof raw === 'boolean') return [String(raw)]
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw
  throw badRequest(`query parameter '${name}' has an unsupported value`)
}
