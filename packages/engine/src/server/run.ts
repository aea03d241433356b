import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { tmfServerOptionsFromEnv, type TmfServerOptions } from './options.ts'

/**
 * The body of every server.ts: read the environment, build, listen, and on SIGTERM/SIGINT stop
 * accepting requests, let in-flight ones and the relay finish, then close the store.
 */
export async function runServer (
  build: (opts: TmfServerOptions) => Promise<FastifyInstance>,
  afterListen?: (app: FastifyInstance, url: string, opts: TmfServerOptions) => Promise<void>
): Promise<FastifyInstance> {
  const opts = tmfServerOptionsFromEnv(process.env)
  const app = await build(opts)
  const port = Number(process.env.PORT ?? 8080)
  const host = process.env.HOST ?? '0.0.0.0'
  closeWithGrace({ delay: Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000) }, async ({ err, signal }) => {
    if (err !== undefined) app.log.error({ err }, 'stopping after an unexpected error')
    else app.log.info({ signal }, 'stopping')
    await app.close()
  })
  await app.listen({ port, host })
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`
  if (afterListen !== undefined) await afterListen(app, url, opts)
  return app
}
