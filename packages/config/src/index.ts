export { loadConfig, ConfigError, type Loaded, type Mode } from './load-config.ts'
export {
  appConfigSchema, cxConfigSchema, workerConfigSchema,
  serverSettings, storeSettings, redisSettings, authSettings, deliverySettings, apiSettings, cxSettings,
  type AppConfig, type CxConfig, type WorkerConfig
} from './schema.ts'
