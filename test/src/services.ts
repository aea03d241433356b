import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { devIssueToken } from '@cx/auth'
import { freePort, startNodeScript, TEST_AUTH, TEST_DATABASE_URL, TEST_REDIS_URL, type StartedProcess } from '@cx/test-kit'

interface T { teardown: (fn: () => unknown) => void }

const ROOT = join(import.meta.dirname, '..', '..')

/** The resource services, each its own process and database, as in production. */
export const RESOURCE_SERVICES = {
  customer: 'apps/customer/src/server.ts',
  productOrder: 'apps/product-order/src/server.ts',
  troubleTicket: 'apps/trouble-ticket/src/server.ts',
  slaViolation: 'apps/sla/src/server.ts',
  surveyResponse: 'apps/survey/src/server.ts'
} as const
export type ServiceName = keyof typeof RESOURCE_SERVICES

export const CX_HUB_SECRET = 'e2e-hub-secret-0123456789abcdef'

/** Production-mode settings every process shares: HS256 tokens, Redis delivery, fast retries. */
export function commonEnv (): Record<string, string> {
  return {
    CX_MODE: 'production',
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: String(TEST_AUTH.hs256Secret),
    AUTH_ISSUER: String(TEST_AUTH.issuer),
    AUTH_AUDIENCE: String(TEST_AUTH.audience),
    REDIS_URL: TEST_REDIS_URL,
    HUB_CALLBACK_ALLOWLIST: '127.0.0.1',
    HUB_MAX_ATTEMPTS: '4',
    HUB_RETRY_BASE_MS: '100',
    LOG_LEVEL: 'info'
  }
}

/** A fresh PostgreSQL database (dropped at teardown, forcefully: processes may still hold it). */
export async function freshDatabase (t: T, name: string): Promise<string> {
  const db = `e2e_${name.toLowerCase()}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${db}`)
  } finally {
    await admin.end()
  }
  t.teardown(async () => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await c.connect()
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)
    await c.end()
  })
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = `/${db}`
  return url.toString()
}

export interface Service { name: string, url: string, databaseUrl: string, process: StartedProcess, port: number }

/** Starts one app's production entry point (`node --import tsx …/server.ts`) and waits for it to listen. */
export async function startService (t: T, name: string, script: string, env: Record<string, string>, port?: number): Promise<Service> {
  const p = port ?? await freePort()
  const databaseUrl = env.DATABASE_URL ?? await freshDatabase(t, name)
  const process = await startNodeScript(t, join(ROOT, script), { ...commonEnv(), ...env, PORT: String(p), DATABASE_URL: databaseUrl }, /Server listening at/, name)
  return { name, url: `http://127.0.0.1:${p}`, databaseUrl, process, port: p }
}

/** The five resource services, started in parallel. */
export async function startResourceServices (t: T): Promise<Record<ServiceName, Service>> {
  const entries = await Promise.all(Object.entries(RESOURCE_SERVICES).map(async ([name, script]) => [name, await startService(t, name, script, {})] as const))
  return Object.fromEntries(entries) as Record<ServiceName, Service>
}

/** Environment of the cx process reading `services`, with its own operator token and hub secret. */
export async function cxEnv (services: Record<ServiceName, Service>, databaseUrl: string): Promise<Record<string, string>> {
  return {
    DATABASE_URL: databaseUrl,
    CX_HUB_SECRET,
    CX_SOURCE_ORIGINS: Object.entries(services).map(([name, s]) => `${name}=${s.url}`).join(','),
    CX_SOURCE_TOKEN: await devIssueToken(TEST_AUTH, 'operator'),
    CX_CHECK_INTERVAL_MS: '500'
  }
}

/** fetch as a principal ('operator' or a partner id) with a dev token of the test issuer. */
export function caller (who: string): (url: string, init?: { method?: string, body?: unknown, headers?: Record<string, string> }) => Promise<{ status: number, json: () => Promise<any>, headers: Headers }> {
  return async (url, init = {}) => {
    const token = await devIssueToken(TEST_AUTH, who)
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.headers ?? {}) },
      ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) })
    })
    const text = await res.text()
    return { status: res.status, headers: res.headers, json: async () => JSON.parse(text) }
  }
}
