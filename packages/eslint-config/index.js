// Shared lint rules: neostandard (standard style for modern JS/TS) with TypeScript support.
import neostandard from 'neostandard'

export default neostandard({ ts: true, ignores: ['**/dist/**', '**/node_modules/**', '**/.tap/**', '**/.data/**'] })
