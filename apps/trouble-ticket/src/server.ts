import { runServer } from '@cx/engine'
import { buildApp } from './app.ts'
import { threadingFromEnv } from './trouble-ticket.threading.ts'

await runServer(async (opts) => await buildApp({ ...opts, threading: threadingFromEnv(process.env) }))
