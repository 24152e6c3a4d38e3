import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

it('the README example type-checks against the package', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example, 'README.md has a ```ts block').toBeDefined();

  // Compiled in memory as if it sat in the package, so `@roomkit/mock` resolves to this package's exports.
  const exampleFile = `${packageDir}readme-example.ts`;
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (file === exampleFile ? example : readFile(file));
  host.fileExists = (file) => file === exampleFile || ts.sys.fileExists(file);
  host.getSourceFile = (file, language, ...rest) =>
    file === exampleFile ? ts.createSourceFile(file, example!, language) : getSourceFile(file, language, ...rest);
  const program = ts.createProgram([exampleFile], options, host);
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]);
  // A whole tsc program: seconds idle, over a minute on a loaded machine (a hang guard, not a speed limit).
}, 600_000);
