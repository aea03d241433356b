/**
 * Writes each API's OpenAPI document into openapi/ (`pnpm openapi:export`), or with --check
 * fails when the committed files differ from what the code serves (CI runs the check).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildSuite, SUITE_APIS } from '@cx/suite'
import { tmfServerOptionsFromEnv } from '@cx/engine'

const check = process.argv.includes('--check')
const outDir = join(import.meta.dirname, '..', 'openapi')
const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' })
const app = await buildSuite({ ...opts, db: { dataDir: 'memory://' }, seed: false, runWorkers: false, logger: false })
await app.ready()
const drifted: string[] = []
try {
  await mkdir(outDir, { recursive: true })
  for (const api of SUITE_APIS) {
    for (const version of api.versions) {
      const res = await app.inject({ method: 'GET', url: `/tmf-api/${api.name}/${version}/openapi.json` })
      if (res.statusCode !== 200) throw new Error(`${api.name} ${version}: ${res.statusCode}`)
      const text = JSON.stringify(res.json(), null, 2) + '\n'
      const file = join(outDir, `${api.name}-${version}.json`)
      if (check) {
        const committed = await readFile(file, 'utf8').catch(() => '')
        if (committed !== text) drifted.push(file)
      } else {
        await writeFile(file, text)
        process.stdout.write(`wrote ${file}\n`)
      }
    }
  }
} finally {
  await app.close()
}
if (drifted.length > 0) {
  process.stderr.write(`OpenAPI documents drifted from the code; run \`pnpm openapi:export\` and commit:\n${drifted.join('\n')}\n`)
  process.exit(1)
}
if (check) process.stdout.write('openapi/ matches the code\n')
