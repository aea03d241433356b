import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { choiceFromEnv, TEST_ENV } from './env.ts'
import { storeKinds } from './databases.ts'
import { deliveryRunners } from './redis.ts'

// Guards against runs that pass without running: a test variable turbo does not pass through, a
// typo in TEST_STORES, a package whose empty or skipped test files count as passing.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

async function sourceFiles (dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...await sourceFiles(path))
    else if (/\.(ts|js|mjs)$/.test(entry.name)) out.push(path)
  }
  return out
}

async function packageDirs (): Promise<string[]> {
  const dirs: string[] = []
  for (const group of ['apps', 'packages']) {
    for (const entry of await readdir(join(ROOT, group), { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(ROOT, group, entry.name))
    }
  }
  return dirs
}

t.test('turbo passes every test variable through to the test task', async (t) => {
  const turbo = JSON.parse(await readFile(join(ROOT, 'turbo.json'), 'utf8')) as { tasks: { test: { env?: string[], passThroughEnv?: string[] } } }
  const passed = new Set([...(turbo.tasks.test.env ?? []), ...(turbo.tasks.test.passThroughEnv ?? [])])
  for (const name of Object.keys(TEST_ENV)) t.ok(passed.has(name), `${name} is in turbo.json tasks.test.env`)
})

t.test('test variables are read only through the test kit', async (t) => {
  const stray: string[] = []
  const unknown = new Set<string>()
  for (const dir of ['apps', 'packages', 'scripts']) {
    for (const file of await sourceFiles(join(ROOT, dir))) {
      // env.ts reads them; this file sets them to test the readers.
      if (file.endsWith(join('test-kit', 'src', 'env.ts')) || file === fileURLToPath(import.meta.url)) continue
      const text = await readFile(file, 'utf8')
      for (const m of text.matchAll(/\benv(?:\.|\[['"])(TEST_[A-Z0-9_]+)/g)) {
        stray.push(`${relative(ROOT, file)}: ${m[1] ?? ''}`)
        if (!(String(m[1]) in TEST_ENV)) unknown.add(String(m[1]))
      }
    }
  }
  t.same(stray, [], 'use testEnv() / TEST_DATABASE_URL / TEST_REDIS_URL from @cx/test-kit')
  t.same([...unknown], [], 'every TEST_* variable is declared in TEST_ENV')
})

t.test('every tap package fails on an empty, skipped, todo or .only test file', async (t) => {
  for (const dir of await packageDirs()) {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8').catch(() => '{}')) as { scripts?: Record<string, string>, tap?: Record<string, unknown> }
    if (!/\btap\b/.test(pkg.scripts?.test ?? '')) continue
    const name = relative(ROOT, dir)
    t.match(pkg.tap, { 'fail-skip': true, 'fail-only': true, 'fail-todo': true }, `${name}: tap config`)
  }
})

t.test('an unknown TEST_STORES or TEST_RUNNERS fails instead of selecting nothing', async (t) => {
  const saved = { stores: process.env.TEST_STORES, runners: process.env.TEST_RUNNERS }
  t.teardown(() => {
    for (const [key, value] of [['TEST_STORES', saved.stores], ['TEST_RUNNERS', saved.runners]] as const) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })
  process.env.TEST_STORES = 'pglite,postgress'
  t.throws(() => storeKinds(), /TEST_STORES="pglite,postgress": expected a comma-separated list of postgres, pglite/)
  process.env.TEST_STORES = ' , '
  t.throws(() => storeKinds(), /TEST_STORES/, 'nothing at all is no choice either')
  process.env.TEST_STORES = 'pglite, pglite'
  t.same(storeKinds(), ['pglite'])
  delete process.env.TEST_STORES
  t.same(storeKinds(), ['postgres', 'pglite'], 'both by default')
  process.env.TEST_RUNNERS = 'redis'
  t.throws(() => deliveryRunners(), /TEST_RUNNERS="redis"/)
  process.env.TEST_RUNNERS = 'bullmq'
  t.same(deliveryRunners(), ['bullmq'])
  t.same(choiceFromEnv('TEST_RUNNERS', ['bullmq', 'in-process']), ['bullmq'])
})
