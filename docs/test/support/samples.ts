import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { codeSamples, loadGuides, type CodeSample } from '../../src/guides.js';
import { fenceLanguage } from '../../src/markdown.js';
import { docsDir } from '../../src/site.js';

export interface ExtractedSample extends CodeSample {
  /** The generated `.ts` file, inside docs/ so that it resolves the workspace's packages. */
  file: string;
  /** `ts run` blocks are executed as well as type-checked. */
  runnable: boolean;
}

export const samplesDir = join(docsDir, 'generated', 'samples');
const HEADER_LINES = 1;

/** Writes every ```ts block of the guides to its own module under docs/generated/samples. */
export async function extractSamples(): Promise<ExtractedSample[]> {
  await rm(samplesDir, { recursive: true, force: true });
  await mkdir(samplesDir, { recursive: true });
  const samples: ExtractedSample[] = [];
  for (const guide of await loadGuides(join(docsDir, 'guides'))) {
    for (const sample of codeSamples(guide.file!, guide.markdown)) {
      if (fenceLanguage(sample.info) !== 'ts') continue;
      const file = join(samplesDir, `${guide.slug}-line-${sample.line}.ts`);
      // The header keeps the sample a module (top-level await) and says where to edit it.
      const header = `// Generated from docs/guides/${sample.guide} line ${sample.line}; edit the guide, not this file.\n`;
      const code = /^\s*(import|export)\s/m.test(sample.code) ? sample.code : `${sample.code}\nexport {};\n`;
      await writeFile(file, header + code);
      samples.push({ ...sample, file, runnable: sample.info.split(/\s+/).includes('run') });
    }
  }
  return samples;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(docsDir, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, docsDir);
  return { ...parsed.options, noEmit: true, declaration: false, declarationMap: false, sourceMap: false };
}

/** Type-checks the samples against the real packages; each message points at the guide's line. */
export function typeCheckSamples(samples: ExtractedSample[]): string[] {
  const program = ts.createProgram(
    samples.map((s) => s.file),
    compilerOptions(),
  );
  const byFile = new Map(samples.map((s) => [s.file, s]));
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const sample = diagnostic.file ? byFile.get(diagnostic.file.fileName) : undefined;
    if (!sample || diagnostic.start === undefined || !diagnostic.file) {
      const where = diagnostic.file ? relative(docsDir, diagnostic.file.fileName) : 'compiler';
      return `${where}: ${message}`;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    // +1: the fence line itself; -HEADER_LINES: the generated header.
    return `guides/${sample.guide}:${sample.line + 1 + line - HEADER_LINES}: ${message}`;
  });
}

/** Transpiles one sample to an ES module next to its source, ready for `node`. */
export async function transpileSample(sample: ExtractedSample, replacements: Record<string, string>): Promise<string> {
  let code = sample.code;
  for (const [from, to] of Object.entries(replacements)) code = code.replaceAll(from, to);
  const output = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  const file = sample.file.replace(/\.ts$/, '.mjs');
  await writeFile(file, output.outputText);
  return file;
}
