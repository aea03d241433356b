export type { DashboardConfig, DevAuthConfig, DevIdentity, OidcAuthConfig } from '../server/config-types.ts'
import type { DashboardConfig } from '../server/config-types.ts'

/** Path of the configuration document, relative to the dashboard's origin. */
export const CONFIG_PATH = '/dashboard/config.json'

/** Reads the configuration; throws an Error saying what to check when it cannot. */
export async function loadConfig (): Promise<DashboardConfig> {
  let res: Response
  try {
    res = await fetch(CONFIG_PATH, { headers: { accept: 'application/json' } })
  } catch (err) {
    throw new Error(`The dashboard cannot reach its server (${String(err)}). Check that the suite is running.`)
  }
  if (!res.ok) throw new Error(`The dashboard configuration (${CONFIG_PATH}) answered ${res.status}. Check the server that serves the dashboard.`)
  return await res.json() as DashboardConfig
}
