import { fileURLToPath } from 'node:url';

/**
 * How the commands a report prints (replay, cleanup) start: `npx roomkit` where the verifier is an
 * installed package (its files sit under a node_modules folder, whatever installed it), and
 * `pnpm -s roomkit` in this repository, where the root package.json builds it first.
 */
export const ROOMKIT_COMMAND = /[\\/]node_modules[\\/]/.test(fileURLToPath(import.meta.url))
  ? 'npx roomkit'
  : 'pnpm -s roomkit';
