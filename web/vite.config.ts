// Builds the browser app into web/dist (or PARLEY_WEB_DIST), which the Parley server serves (src/app.ts).
// `npx vite --config web/vite.config.ts` runs a dev server that proxies the API to PARLEY_API.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = new URL('.', import.meta.url).pathname;
const api = process.env.PARLEY_API ?? 'http://127.0.0.1:3000';
const outDir = process.env.PARLEY_WEB_DIST ?? 'dist';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: {
    port: 3290,
    proxy: {
      '/api': api,
      '/docs': api,
      '/openapi.json': api,
      '/ws': { target: api.replace(/^http/, 'ws'), ws: true },
    },
  },
});
