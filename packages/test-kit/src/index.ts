export * from './databases.ts'
export * from './listener.ts'
