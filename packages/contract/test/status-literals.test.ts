import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The messages of the status-literal ban on a snippet, linted as if it were the file at `path`. */
async function bans(code: string, path: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').length;
}

describe('the lint bans numeric HTTP status literals in the contract suite and the sandbox', () => {
  const written = [
    'export const gone = (s: number) => s === 404;',
    'export const answer = { status: 401 };',
    'export function f(s: number) { switch (s) { case 413: return 1; } return 0; }',
    'export function g(r: { status: number }) { r.status = 400; }',
    'export const notFoundStatus = 404;',
  ];
  it.each(written)('%s', async (code) => {
    expect(await bans(code, 'packages/contract/src/example.ts')).toBe(1);
    expect(await bans(code, 'packages/sandbox/src/example.ts')).toBe(1);
  });
  it('allows the classes of HTTP (2xx, 5xx), the fault catalogue and the tests', async () => {
    expect(await bans('export const ok = (s: number) => s >= 200 && s < 300;', 'packages/contract/src/a.ts')).toBe(0);
    expect(await bans('export const answer = { status: 500 };', 'packages/sandbox/src/faults/a.ts')).toBe(0);
    expect(await bans('export const answer = { status: 500 };', 'packages/contract/test/a.test.ts')).toBe(0);
  });
});
