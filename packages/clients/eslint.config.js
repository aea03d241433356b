import config from '@cx/eslint-config'

// src/generated is written by scripts/generate.ts (openapi-typescript); it is checked for drift, not style.
export default [...config, { ignores: ['src/generated/**'] }]
