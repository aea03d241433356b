import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import type { TObject } from 'typebox'
import { appConfigSchema, ConfigError, loadConfig, type Loaded } from '@cx/config'
import { startTracing } from '../observability/tracing.ts'
import { tmfServerOptionsFromConfig, type TmfServerOptions } from './options.ts'

/**
 * The body of every server.ts: validate the environment against the process's configuration
 * schema (appConfigSchema for a resource service, cxConfigSchema for cx and the suite), build,
 * listen, and on SIGTERM/SIGINT stop accepting requests, let in-flight ones and the relay finish,
 * then close the store. A configuration error ends the process with exit code 78 (EX_CONFIG) and
 * one line per bad variable on stderr, before anything is opened.
 */
export async function runServer<S extends TObject = typeof appConfigSchema> (
  build: (opts: TmfServerOptions, config: Loaded<S>) => Promise<FastifyInstance>,
  afterListen?: (app: FastifyInstance, url: string, opts: TmfServerOptions) => Promise<void>,
  schema?: S
): Promise<FastifyInstance> {
  let config: Loaded<S>
  try {
    config = loadConfig(schema ?? appConfigSchema as unknown as S, process.env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${err.message}\n`)
    process.exit(78)
  }
  const appConfig = config as unknown as Loaded<typeof appConfigSchema>
  // Off unless the standard OTEL_* variables ask for traces (see observability/tracing.ts).
  const stopTracing = startTracing(process.env, 'cx-suite')
  const opts = tmfServerOptionsFromConfig(appConfig)
  const app = await build(opts, config)
  closeWithGrace({ delay: appConfig.SHUTDOWN_GRACE_MS }, async ({ err, signal }) => {
    if (err !== undefined) app.log.error({ err }, 'stopping after an unexpected error')
    else app.log.info({ signal }, 'stopping')
    await app.close()
    await stopTracing?.()
  })
  const host = appConfig.HOST
  await app.listen({ port: appConfig.PORT, host })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : appConfig.PORT
  const url = `http://${host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host}:${port}`
  if (afterListen !== undefined) await afterListen(app, url, opts)
  return app
}
