import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { validate, ValidationSeverity } from 'dockerfile-utils'
import { parse } from 'yaml'
import { ROOT } from './dist-process.ts'

// No Docker daemon runs here: the image recipe and the compose file are checked statically.
// dockerfile-utils is the linter behind the Docker language server (VS Code's Dockerfile support).

const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8')
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { packageManager: string }

t.test('the Dockerfile lints clean with every rule at warning or above', async (t) => {
  const every = ValidationSeverity.WARNING
  const diagnostics = validate(dockerfile, {
    deprecatedMaintainer: every,
    directiveCasing: every,
    emptyContinuationLine: every,
    instructionCasing: every,
    instructionCmdMultiple: every,
    instructionEntrypointMultiple: every,
    instructionHealthcheckMultiple: every,
    instructionJSONInSingleQuotes: every,
    instructionWorkdirRelative: every
  })
  t.same(diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`), [])
})

t.test('the image: Node 22 LTS, pnpm from packageManager, compiled code, non-root, health-checked', async (t) => {
  t.match(dockerfile, /^ARG NODE_IMAGE=node:22-/m, 'Node 22 LTS')
  t.match(dockerfile, /corepack enable/, 'pnpm as packageManager pins it')
  t.match(rootPackage.packageManager, /^pnpm@\d+\.\d+\.\d+$/, 'and the pin is exact')
  t.match(dockerfile, /pnpm install --frozen-lockfile/)
  t.match(dockerfile, /deploy --prod/, 'production dependencies only')
  t.match(dockerfile, /--conditions=cx-dist/, 'workspace packages resolve to dist/')
  const instructions = dockerfile.split('\n').filter((line) => !line.startsWith('#')).join('\n')
  t.notMatch(instructions, /tsx/, 'no TypeScript runner at run time')
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))
  t.match(runtime, /^USER node$/m, 'the runtime stage runs as a non-root user')
  t.match(runtime, /^HEALTHCHECK .*\/health\/ready/ms)
  t.match(runtime, /^CMD \["node", "main\.mjs"\]$/m, 'node itself is PID 1 (exec form), handling SIGTERM')
  t.ok(existsSync(join(ROOT, '.dockerignore')))
  t.match(readFileSync(join(ROOT, '.dockerignore'), 'utf8'), /\*\*\/node_modules/)
})

interface ComposeService {
  image?: string
  build?: { context: string, dockerfile: string, args?: Record<string, string> }
  restart?: string
  depends_on?: Record<string, { condition: string }>
  healthcheck?: { test: unknown }
  environment?: Record<string, string>
  volumes?: string[]
}

t.test('compose.yaml: every app, a worker, PostgreSQL, Redis and Keycloak with health conditions, restarts and volumes', async (t) => {
  const compose = parse(readFileSync(join(ROOT, 'docker/compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService>, volumes: Record<string, unknown> }
  const services = compose.services
  for (const name of ['postgres', 'redis', 'keycloak']) {
    t.ok(services[name]?.healthcheck, `${name} has a healthcheck`)
    t.equal(services[name]?.restart, 'unless-stopped', `${name} restarts`)
  }
  t.same(Object.keys(compose.volumes).sort(), ['pgdata', 'redisdata'])
  t.ok(services.postgres?.volumes?.some((v) => v.startsWith('pgdata:')), 'PostgreSQL keeps its data in a volume')
  t.ok(services.redis?.volumes?.some((v) => v.startsWith('redisdata:')), 'so does Redis')
  t.ok(existsSync(join(ROOT, 'docker/keycloak/cx-suite-realm.json')), 'the realm Keycloak imports')

  const built = Object.entries(services).filter(([, s]) => s.build !== undefined)
  const apps = built.map(([, s]) => s.build?.args?.APP).sort()
  t.same(apps, ['communication', 'customer', 'cx', 'events', 'product-order', 'sla', 'survey', 'trouble-ticket'], 'every app and the worker')
  for (const [name, s] of built) {
    const app = String(s.build?.args?.APP)
    t.ok(existsSync(join(ROOT, app === 'events' ? 'packages/events/package.json' : `apps/${app}/package.json`)), `${name}: APP names a workspace package`)
    t.equal(s.build?.dockerfile, 'docker/Dockerfile')
    t.equal(s.restart, 'unless-stopped', `${name} restarts`)
    t.equal(s.depends_on?.postgres?.condition, 'service_healthy', `${name} waits for a healthy PostgreSQL`)
    t.equal(s.depends_on?.redis?.condition, 'service_healthy', `${name} waits for a healthy Redis`)
    t.equal(s.environment?.CX_MODE, 'production')
    if (app !== 'events') {
      t.equal(s.depends_on?.keycloak?.condition, 'service_healthy', `${name} waits for the token issuer`)
      t.match(String(s.environment?.AUTH_JWKS_URL), /^http:\/\/keycloak:8080\/realms\/cx-suite\//, `${name} verifies Keycloak's tokens`)
      t.equal(s.environment?.RUN_WORKERS, 'false', `${name} leaves deliveries to the worker`)
    }
  }
})
