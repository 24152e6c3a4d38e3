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
  {
    // The spec is the one source of a status: the contract suite and the sandbox read it (a rule's
    // `status`, an operation's documented responses, `x-roomkit-request-body`), never write it.
    // Class bounds (`status >= 500`, `status < 300`) are HTTP's, not the spec's, and stay allowed;
    // the fault catalogue answers wrong statuses on purpose.
    files: ['packages/contract/src/**/*.ts', 'packages/sandbox/src/**/*.ts'],
    ignores: ['packages/sandbox/src/faults/**'],
    rules: {
      'no-restricted-syntax': ['error', ...statusLiteralBans()],
    },
  },
);

/** The places a numeric HTTP status is written: compared for equality, set as `status`, a `case`. */
function statusLiteralBans() {
  const status = 'Literal[raw=/^[1-5][0-9][0-9]$/]';
  const message =
    "A numeric HTTP status written in code: read it from the spec (a rule's status, the operation's documented responses, x-roomkit-request-body).";
  return [
    `BinaryExpression[operator=/^[=!]==?$/] > ${status}`,
    `Property[key.name=/^(status|statusCode)$/] > ${status}.value`,
    `SwitchCase > ${status}.test`,
    `AssignmentExpression[left.property.name=/^(status|statusCode)$/] > ${status}`,
    `VariableDeclarator[id.name=/status/i] > ${status}`,
  ].map((selector) => ({ selector, message }));
}
