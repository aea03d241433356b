import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// Assets go to /assets/ (the suite serves dist/ at the root in embedded mode). The dev server
// proxies the API roots and the dev issuer to a running suite (`pnpm start`), so `pnpm dev`
// behaves like the built app served by the suite.
const suite = process.env.CX_SUITE_URL ?? 'http://localhost:8080'

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/tmf-api': suite, '/auth': suite, '/dashboard': suite } }
})
