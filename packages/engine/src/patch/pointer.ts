import { badRequest } from '@cx/errors'

/** RFC 6901 §4: `~1` stands for '/', `~0` for '~'; any other use of '~' is malformed. */
export function unescapeToken (token: string, path: string): string {
  if (!token.includes('~')) return token
  if (/~(?![01])/.test(token)) throw badRequest(`Invalid '~' escape in path '${path}'`)
  // ~1 first, then ~0, so that '~01' decodes to '~1' and not to '/'.
  return token.replaceAll('~1', '/').replaceAll('~0', '~')
}

export function escapeToken (token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1')
}

/** Splits a JSON Pointer into its unescaped reference tokens; '' is the whole document. */
export function parsePointer (path: string): string[] {
  if (path === '') return []
  if (!path.startsWith('/')) throw badRequest(`Path '${path}' must be empty or start with '/'`)
  return path.slice(1).split('/').map(token => unescapeToken(token, path))
}

export function formatPointer (tokens: readonly string[]): string {
  return tokens.map(token => '/' + escapeToken(token)).join('')
}
