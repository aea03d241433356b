import closeWithGrace from 'close-with-grace'
import { buildDashboardServer } from './app.ts'
import { configFromEnv } from './config-from-env.ts'

// Production: serve the built dashboard on its own port; it signs in through the configured
// OIDC provider and calls the APIs at DASHBOARD_API_ORIGIN.
const app = await buildDashboardServer({ config: configFromEnv(process.env), logger: true })
closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err !== undefined) app.log.error({ err }, 'closing after an error')
  await app.close()
})
await app.listen({ port: Number(process.env.PORT ?? 8090), host: process.env.HOST ?? '0.0.0.0' })
