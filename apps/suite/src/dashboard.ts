import type { FastifyInstance } from 'fastify'
import { registerDashboard, type DashboardConfig } from '@cx/dashboard/server'
import { DEMO_PARTNERS } from './demo-parties.ts'

/**
 * The dashboard's configuration in embedded mode: the APIs on this same origin, and sign-in
 * through the dev issuer as the operator or one of the demo partners.
 */
export function embeddedDashboardConfig (devClientSecret: string | undefined): DashboardConfig {
  return {
    apiOrigin: '',
    auth: {
      kind: 'dev',
      tokenPath: '/auth/token',
      identities: [{ id: 'operator', name: 'Operator' }, ...DEMO_PARTNERS.map((p) => ({ id: p.id, name: p.name }))],
      // The dev issuer's default when DEV_CLIENT_SECRET is unset (as the banner prints it).
      clientSecret: devClientSecret ?? 'dev-secret'
    }
  }
}

/**
 * Serves the built dashboard (apps/dashboard) at `/` to browsers; `/` keeps answering the JSON
 * index of API roots to every other client (content negotiation on Accept: text/html).
 */
export async function serveDashboard (app: FastifyInstance, devClientSecret: string | undefined): Promise<void> {
  await registerDashboard(app, { config: embeddedDashboardConfig(devClientSecret), negotiateRoot: true })
}
