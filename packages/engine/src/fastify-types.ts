// The Fastify augmentations the engine's plugins make (`app.db`, `app.migrationIds`, `app.relay`,
// `schema.hide` from @fastify/swagger), named here so the compiled declarations of the engine
// reference their modules: dependants built against dist/*.d.ts see them as they do from source.
export type { DatabasePluginOptions } from './infra/database.ts'
export type { RelayPluginOptions } from './infra/relay.ts'
export type { SwaggerOptions } from '@fastify/swagger'
