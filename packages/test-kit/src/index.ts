export * from './databases.ts'
export * from './listener.ts'
export * from './server-options.ts'
export * from './builders.ts'
