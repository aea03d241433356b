import { fileURLToPath } from 'node:url'
import { startNodeScript, type Teardown } from '@cx/test-kit'

const RELAY_CHILD = fileURLToPath(new URL('./relay-child.ts', import.meta.url))

/** The crash-test relay (relay-child.ts) in its own node process. */
export async function startRelayProcess (t: Teardown, env: Record<string, string>): Promise<{ kill: () => Promise<void> }> {
  return await startNodeScript(t, RELAY_CHILD, env, /^ready$/m, 'relay process')
}
