import { runServer } from '@cx/engine'
import { cxOptionsFromEnv } from '@cx/cx'
import { buildSuite } from './app.ts'
import { DEMO_PARTNERS } from './demo-parties.ts'
import { SUITE_APIS } from './apis.ts'

await runServer(async (opts) => await buildSuite({ ...opts, cx: cxOptionsFromEnv(process.env, opts.mode, opts.auth) }), async (app, url, opts) => {
  const lines = [
    '',
    `CX Suite is running (${opts.mode} mode) on ${url}`,
    '',
    'Swagger UI:',
    ...SUITE_APIS.flatMap((a) => a.versions.map((v) => `  ${url}/tmf-api/${a.name}/${v}/docs   (${a.tmfId ?? 'extension'} ${a.title} ${v})`)),
    ''
  ]
  if (opts.mode === 'embedded') {
    lines.push(
      'Anonymous requests act as the operator. To act as a demo partner, get a token:',
      `  curl -s -X POST ${url}/auth/token -d grant_type=client_credentials -d client_id=${DEMO_PARTNERS[0].id} -d client_secret=${opts.auth.devClientSecret ?? 'dev-secret'}`,
      `Demo partners: ${DEMO_PARTNERS.map((p) => `${p.id} (${p.name})`).join(', ')}; client_id=operator for an operator token.`,
      ''
    )
  }
  // The banner is for the person who typed `pnpm start`, not a log record.
  process.stdout.write(lines.join('\n') + '\n')
  app.log.debug('banner printed')
})
