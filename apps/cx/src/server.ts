import { cxConfigSchema } from '@cx/config'
import { runServer } from '@cx/engine'
import { buildApp } from './app.ts'
import { cxOptionsFromEnv } from './config.ts'

await runServer(async (opts) => await buildApp({ ...opts, cx: cxOptionsFromEnv(process.env, opts.mode, opts.auth) }), undefined, cxConfigSchema)
