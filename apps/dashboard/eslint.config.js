import config from '@cx/eslint-config'

// dist-server/ is the compiled static server (tsc), e2e-artifacts/ the browser tests' screenshots.
export default [...config, { ignores: ['dist-server/**', 'e2e-artifacts/**'] }]
