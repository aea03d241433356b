import { runServer } from '@cx/engine'
import { buildApp } from './app.ts'

await runServer(buildApp)
