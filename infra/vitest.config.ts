import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // One synth (with the Lambda's esbuild bundle) is shared by every assertion of a file.
    hookTimeout: 120_000,
  },
});
