// The console is a static bundle: `vite build services/console` writes dist/console, which the
// gateway serves at /console. `vite services/console` is a dev server that forwards /api to a
// gateway on port 3000.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  // The one browser-safe library the console shares with the services (pure functions, no I/O).
  resolve: {
    alias: {
      '@riskpool/domain': fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
