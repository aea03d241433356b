/**
 * Waiting for conditions instead of sleeping. The ceiling is generous on purpose: it is not a
 * timing requirement (nothing asserts how fast), only how long a broken build may hang a run.
 */
export const WAIT_CEILING_MS = 60_000

const POLL_MS = 25

/**
 * Polls `probe` until it answers something other than undefined and returns that value; throws
 * after `timeoutMs` naming `what`.
 */
export async function until<T> (what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = WAIT_CEILING_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

/** Polls `check` until it is true; throws after `timeoutMs` naming `what`. */
export async function waitUntil (what: string, check: () => Promise<boolean> | boolean, timeoutMs = WAIT_CEILING_MS): Promise<void> {
  await until(what, async () => (await check()) ? true : undefined, timeoutMs)
}
