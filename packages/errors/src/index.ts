export * from './tmf-error.ts'
