import { devIssueToken, type AuthConfig } from '@cx/auth'
import { testDbOptions, type StoreKind, type TestDbOptions } from './databases.ts'

export const TEST_AUTH: AuthConfig = {
  mode: 'production',
  hs256Secret: 'cx-suite-test-secret-0123456789abcdef',
  issuer: 'cx-test',
  audience: 'cx-suite'
}

/**
 * Options for buildApp/buildTmfServer in a test: production-mode auth (so scope is real), its own
 * database, fast retries, and loopback callbacks allowed by name so a local listener works.
 */
export async function serverTestOptions (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<{
  mode: 'production'
  db: TestDbOptions
  auth: AuthConfig
  delivery: { maxAttempts: number, retryBaseMs: number, timeoutMs: number, policy: { mode: 'production', allowHosts: string[] } }
  logger: false
}> {
  return {
    mode: 'production',
    db: await testDbOptions(t, kind),
    auth: TEST_AUTH,
    delivery: { maxAttempts: 3, retryBaseMs: 20, timeoutMs: 2000, policy: { mode: 'production', allowHosts: ['127.0.0.1'] } },
    logger: false,
    ...overrides
  }
}

/** `Authorization` header value for a partner id, or 'operator'. */
export async function bearer (clientId: string): Promise<string> {
  return `Bearer ${await devIssueToken(TEST_AUTH, clientId)}`
}
