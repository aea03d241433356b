import { runServer } from '@cx/engine'
import { buildApp } from './app.ts'
import { slaWatchFromEnv } from './watch/watch-config.ts'

await runServer(async (opts) => {
  const watch = slaWatchFromEnv(process.env, opts.mode, opts.auth)
  return await buildApp({ ...opts, ...(watch === undefined ? {} : { watch }) })
})
