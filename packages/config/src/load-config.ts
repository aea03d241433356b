import envSchema from 'env-schema'
import type { Static, TObject, TProperties } from 'typebox'

/** A configuration the process must not start with; `problems` has one line per variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[]
  constructor (problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export type Mode = 'embedded' | 'production'

/** What loadConfig adds to the schema's own type: the mode and host resolved from their defaults. */
export type Loaded<S extends TObject> = Static<S> & ResolvedDefaults<S['properties']>
type ResolvedDefaults<P extends TProperties> =
  ('CX_MODE' extends keyof P ? { CX_MODE: Mode } : unknown) &
  ('HOST' extends keyof P ? { HOST: string } : unknown) &
  ('LOG_LEVEL' extends keyof P ? { LOG_LEVEL: string } : unknown)

// HS256 keys shorter than the hash output are refused by RFC 7518 §3.2 ("a key of the same size as
// the hash output (for instance, 256 bits for HS256) or larger MUST be used").
const MIN_HS256_SECRET_BYTES = 32

// ajv's coercion takes anything `+value` reads as a number (' 12', '0x10', '1e3'); settings are
// written in plain decimal, so anything else is a typo to report rather than a value to guess.
const INTEGER = /^-?\d+$/
const NUMBER = /^-?\d+(\.\d+)?$/

/**
 * Validates `env` against `schema` with env-schema (ajv: types coerced, defaults applied, unknown
 * variables ignored) and checks what one variable alone cannot say:
 * - `CX_MODE` defaults to `embedded` without `DATABASE_URL`, `production` with it;
 * - `HOST` defaults to 127.0.0.1 in embedded mode (a laptop's dev issuer must not face the
 *   network) and 0.0.0.0 otherwise; `LOG_LEVEL` to warn in embedded mode, info otherwise;
 * - outside embedded mode an `AUTH_JWT_SECRET` must be at least 32 bytes (RFC 7518 §3.2);
 * - `DEFAULT_PAGE_LIMIT` ≤ `MAX_PAGE_LIMIT`.
 * Only the checks whose variables the schema has are made. '' counts as unset.
 * @throws ConfigError listing every problem found, each naming its variable.
 */
export function loadConfig<S extends TObject> (schema: S, env: NodeJS.ProcessEnv = process.env): Loaded<S> {
  const properties = schema.properties as Record<string, { type?: unknown }>
  const data: Record<string, string> = {}
  const problems: string[] = []
  for (const [name, prop] of Object.entries(properties)) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    const syntax = prop.type === 'integer' ? INTEGER : prop.type === 'number' ? NUMBER : undefined
    if (syntax !== undefined && !syntax.test(raw)) problems.push(`${name} must be a decimal ${String(prop.type)}, got ${JSON.stringify(raw)}`)
    else data[name] = raw
  }
  let config: Record<string, unknown> = {}
  try {
    // env: false: only the variables the schema names are read, from `env` (tests pass their own).
    config = envSchema({ schema: structuredClone(schema) as never, data, env: false, dotenv: false }) as Record<string, unknown>
  } catch (err) {
    problems.push(...ajvProblems(err, data))
  }
  if (problems.length > 0) throw new ConfigError(problems)

  if ('CX_MODE' in properties) {
    config.CX_MODE ??= config.DATABASE_URL === undefined ? 'embedded' : 'production'
  }
  const embedded = config.CX_MODE === 'embedded'
  if ('HOST' in properties) config.HOST ??= embedded ? '127.0.0.1' : '0.0.0.0'
  if ('LOG_LEVEL' in properties) config.LOG_LEVEL ??= embedded ? 'warn' : 'info'
  const secret = config.AUTH_JWT_SECRET
  if (!embedded && typeof secret === 'string' && Buffer.byteLength(secret) < MIN_HS256_SECRET_BYTES) {
    problems.push(`AUTH_JWT_SECRET must be at least ${MIN_HS256_SECRET_BYTES} bytes outside embedded mode (RFC 7518 §3.2), got ${Buffer.byteLength(secret)}`)
  }
  const dflt = config.DEFAULT_PAGE_LIMIT
  const max = config.MAX_PAGE_LIMIT
  if (typeof dflt === 'number' && typeof max === 'number' && dflt > max) {
    problems.push(`DEFAULT_PAGE_LIMIT (${dflt}) must not exceed MAX_PAGE_LIMIT (${max})`)
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config as Loaded<S>
}

interface AjvError { instancePath?: string, keyword?: string, message?: string, params?: Record<string, unknown> }

// One line per variable, naming it, what it must be and what it was (secrets are not echoed).
function ajvProblems (err: unknown, data: Record<string, string>): string[] {
  const errors = (err as { errors?: AjvError[] }).errors
  if (!Array.isArray(errors)) return [String((err as Error).message ?? err)]
  return errors.map((e) => {
    const name = (e.instancePath ?? '').replace(/^\//, '')
    const got = name in data && !/SECRET|TOKEN/.test(name) ? `, got ${JSON.stringify(data[name])}` : ''
    const allowed = e.keyword === 'enum' && Array.isArray(e.params?.allowedValues) ? `must be one of ${e.params.allowedValues.join(', ')}` : e.message ?? 'is invalid'
    return name === '' ? allowed : `${name} ${allowed}${got}`
  })
}
