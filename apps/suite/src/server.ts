import { cxConfigSchema } from '@cx/config'
import { runServer } from '@cx/engine'
import { devIssueToken } from '@cx/auth'
import { cxOptionsFromEnv } from '@cx/cx'
import { buildSuite } from './app.ts'
import { findBannerCustomer, suiteBanner } from './banner.ts'

await runServer(async (opts) => await buildSuite({ ...opts, cx: cxOptionsFromEnv(process.env, opts.mode, opts.auth) }), async (app, url, opts) => {
  const demoCustomer = opts.mode === 'embedded' ? await findBannerCustomer(app, await devIssueToken({ ...opts.auth, mode: 'embedded' }, 'operator')) : undefined
  const lines = suiteBanner({ url, mode: opts.mode, ...(opts.auth.devClientSecret === undefined ? {} : { devClientSecret: opts.auth.devClientSecret }), ...(demoCustomer === undefined ? {} : { demoCustomer }) })
  // The banner is for the person who typed `pnpm start`, not a log record.
  process.stdout.write(lines.join('\n') + '\n')
  app.log.debug('banner printed')
}, cxConfigSchema)
