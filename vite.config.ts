import { defaultClientConditions, defineConfig } from 'vite';
import { signingWorkerPwa } from './scripts/signingWorkerPwa.ts';

/** Points `sigv4-service-worker/*` at the .ts sources, so the demo runs without building the package. */
const SOURCE_CONDITION = 'sigv4-service-worker-source';

export default defineConfig({
  // amazon-cognito-identity-js reads Node's `global`.
  define: { global: 'globalThis' },
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022', sourcemap: true },
  plugins: [signingWorkerPwa('sw/demo')],
});
