import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{emulator,backend,sw,shared,app,bench}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
