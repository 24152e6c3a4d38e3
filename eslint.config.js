// ESLint flat config for the whole monorepo: `pnpm lint` (and so `pnpm test`) runs `eslint --max-warnings 0 .`.
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/generated/',
      '**/coverage/',
      '**/reports/',
      '**/.turbo/',
      '**/.work/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // ESLint 10 adds these to `recommended`; ESLint 9 (kept for Node 22.12, see `engines`) has them opt-in.
      'no-unassigned-vars': 'error',
      'no-useless-assignment': 'error',
      'preserve-caught-error': 'error',
      // `const { [key]: _, ...rest } = o` is how this code base copies an object without a key.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
);
