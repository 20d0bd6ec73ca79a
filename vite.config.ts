import { defineConfig } from 'vite';
import { serviceWorker } from './scripts/serviceWorkerPlugin.ts';

export default defineConfig({
  // amazon-cognito-identity-js reads Node's `global`.
  define: { global: 'globalThis' },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022', sourcemap: true },
  plugins: [serviceWorker({ entry: 'sw/demo/sw.ts' })],
});
