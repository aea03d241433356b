export { buildSuite, type SuiteOptions } from './app.ts'
export { RESOURCE_APIS, SUITE_APIS, SUITE_SEEDS, suiteApis } from './apis.ts'
export * from './demo-parties.ts'
