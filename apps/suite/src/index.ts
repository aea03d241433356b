export { buildSuite, type SuiteOptions } from './app.ts'
export { SUITE_APIS, SUITE_SEEDS } from './apis.ts'
export * from './demo-parties.ts'
