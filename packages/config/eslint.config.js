export { default } from '@cx/eslint-config'
