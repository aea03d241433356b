import type { FastifyInstance } from 'fastify'
import { bearer, startApp, type StoreKind, type Teardown } from '@cx/test-kit'

/**
 * Starts an app on its own test database and listens on 127.0.0.1 on a free port, so the clients
 * talk real HTTP to it. Returns the origin (`http://127.0.0.1:54321`); closed at teardown.
 */
export async function serve (t: Teardown, build: (opts: never) => Promise<FastifyInstance>, kind: StoreKind): Promise<string> {
  const app = await startApp(t, build, kind)
  return await app.listen({ port: 0, host: '127.0.0.1' })
}

/**
 * A token source as a service would write one: an async function, called before every request.
 * `calls` counts the calls, so a test can see it was asked each time.
 */
export function tokenSource (who: string): { token: () => Promise<string>, calls: () => number } {
  let calls = 0
  return {
    token: async () => { calls++; return (await bearer(who)).replace(/^Bearer /, '') },
    calls: () => calls
  }
}

/** A secret long enough for the hub (8–256 characters). */
export const HUB_SECRET = 'smoke-test-secret-0123456789'
