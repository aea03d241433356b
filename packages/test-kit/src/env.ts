/**
 * Every environment variable the tests read, read here and nowhere else. turbo.json passes each
 * of them to the `test` task (turbo's strict env mode drops the others silently); env.test.ts
 * checks both halves, so a new variable cannot be forgotten in one place.
 */
export const TEST_ENV = {
  /** Which store engines the per-engine loops cover: `postgres`, `pglite` or both (default). */
  TEST_STORES: 'TEST_STORES',
  /** Which delivery runners the delivery tests cover: `in-process`, `bullmq` or both (default). */
  TEST_RUNNERS: 'TEST_RUNNERS',
  /** The PostgreSQL the tests create their schemas in. */
  TEST_DATABASE_URL: 'TEST_DATABASE_URL',
  /** The Redis BullMQ tests run on. */
  TEST_REDIS_URL: 'TEST_REDIS_URL'
} as const

export type TestEnvName = keyof typeof TEST_ENV

/** The value of a test variable; empty counts as unset. */
export function testEnv (name: TestEnvName): string | undefined {
  const value = process.env[name]
  return value === undefined || value.trim() === '' ? undefined : value
}

/**
 * A comma-separated choice among `allowed` (all of them when unset). An unknown or empty choice
 * throws: a typo must fail the run, not narrow it to nothing and let every test file pass empty.
 */
export function choiceFromEnv<T extends string> (name: TestEnvName, allowed: readonly T[]): T[] {
  const raw = testEnv(name)
  if (raw === undefined) return [...allowed]
  const picked = raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
  const unknown = picked.filter((s) => !(allowed as readonly string[]).includes(s))
  if (unknown.length > 0 || picked.length === 0) {
    throw new Error(`${name}="${raw}": expected a comma-separated list of ${allowed.join(', ')}`)
  }
  return [...new Set(picked)] as T[]
}

export const TEST_DATABASE_URL = testEnv('TEST_DATABASE_URL') ?? 'postgres://postgres@127.0.0.1:5432/test'
export const TEST_REDIS_URL = testEnv('TEST_REDIS_URL') ?? 'redis://127.0.0.1:6379'
