import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleSize {
  entry: string;
  minifiedBytes: number;
  gzippedBytes: number;
}

/**
 * What `entry` (a package name, with everything it imports, openapi-fetch included) costs a
 * browser app: bundled and minified by esbuild, then gzipped.
 */
export async function bundleSize(entry: string, resolveDir: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error(`esbuild produced no output for ${entry}`);
  return { entry, minifiedBytes: code.byteLength, gzippedBytes: gzipSync(code, { level: 9 }).byteLength };
}
