import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One official TM Forum conformance kit and the Postman variable that carries its API root. */
export interface Kit {
  name: string
  file: string
  variable: string
  /** The API root as the kit expects it, given the server's base URL. */
  root: (baseUrl: string) => string
}

// The TMF622 kit appends `productOrder` directly to its variable, hence the trailing slash.
export const KITS: readonly Kit[] = [
  { name: 'TMF621 Trouble Ticket R18', file: 'CTK-TMF621-TroubleTicket-R18.postman_collection.json', variable: 'TroubleTicketAPI', root: (b) => `${b}/tmf-api/troubleTicket/v4` },
  { name: 'TMF622 Product Ordering v4', file: 'CTK-TMF622-ProductOrdering-v4.postman_collection.json', variable: 'Product_Ordering', root: (b) => `${b}/tmf-api/productOrderingManagement/v4/` }
]

/**
 * Where the kits are: `CTK_DIR`, else `shared/ctk` beside the repository (as on development
 * machines and in CI). They are TM Forum's files and are never copied into the repository.
 * Throws when the folder or a kit is missing, so a run without them fails instead of passing.
 */
export function ctkDir (env: NodeJS.ProcessEnv = process.env): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const dir = env.CTK_DIR !== undefined && env.CTK_DIR !== '' ? resolve(env.CTK_DIR) : resolve(here, '../../../../../shared/ctk')
  const missing = KITS.map((k) => join(dir, k.file)).filter((f) => !existsSync(f))
  if (missing.length > 0) throw new Error(`the TM Forum CTKs are missing (${missing.join(', ')}); set CTK_DIR to the folder holding them`)
  return dir
}
