import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  // amazon-cognito-identity-js (the page's sign-in) reads Node's `global`.
  define: { global: 'globalThis' },
  plugins: [
    VitePWA({
      // Our own worker (sw.ts), bundled by Vite, with the precache manifest injected.
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      // The page registers the worker through SigningClient; no web app manifest in this example.
      injectRegister: false,
      manifest: false,
    }),
  ],
});
