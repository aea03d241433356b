import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium'

/**
 * Headless Debian Chromium driven by playwright-core (which ships no browser of its own).
 * Throws, never skips, when it is not installed.
 */
export async function launchChromium (): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the dashboard's browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)`)
  // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
  return await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
}
