import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'lib',
      'examples/*/dist',
      'examples/*/node_modules',
      'node_modules',
      'test-results',
      'playwright-report',
      '.emulator-data',
      'bench/results',
      'infra/cdk.out',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
