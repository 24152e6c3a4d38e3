import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
/** npm install of one tarball into an empty project; minutes mean the registry is not answering. */
const INSTALL_TIMEOUT_MS = 240_000;

export interface ConsumerCheckOptions {
  /** A tarball to check, such as one `pnpm release:dry` wrote; the package is packed from its folder when not given. */
  tarball?: string;
}

export interface ConsumerCheck {
  tarball: string;
  /** The empty project the tarball was installed into (removed by `cleanup`): run the package's bins there. */
  consumer: string;
  /** The package.json inside the tarball, as npm would publish it. */
  manifest: { name: string; dependencies?: Record<string, string>; [key: string]: unknown };
  /** publint --strict messages on the tarball, formatted. */
  publintMessages: string[];
  /** Packages npm installed into the empty consumer project. */
  installed: string[];
  /** tsc diagnostics for the README example compiled against the installed tarball. */
  typeErrors: string;
  /** What `typeof createXClient` printed when the installed package was imported by node. */
  runtimeExport: string;
  cleanup(): Promise<void>;
}

/**
 * pnpm as the one running us (`npm_execpath` under `pnpm run`/turbo), so that a machine where pnpm
 * came through `npx pnpm@...` and is not on PATH still packs with it; `pnpm` from PATH otherwise.
 */
export function pnpmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(basename(execPath))) return { command: process.execPath, prefix: [execPath] };
  return { command: 'pnpm', prefix: [] };
}

export async function packageDir(name: string): Promise<string> {
  return realpath(dirname(require.resolve(`${name}/package.json`)));
}

/** The first ```ts block of a README: the copy-paste example. */
export function readmeExample(readme: string): string {
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no ```ts example block');
  return match[1];
}

/**
 * Installs a package's tarball with npm into an empty project (its dependencies come from the
 * registry), and type-checks the package's README example there with tsc — exactly what a team
 * installing the package would do. Without `options.tarball`, packs `name` with pnpm first (which
 * rewrites workspace: ranges); `pnpm release:dry` packs the same way, with the next versions.
 */
export async function checkConsumer(
  name: string,
  entry: string,
  options: ConsumerCheckOptions = {},
): Promise<ConsumerCheck> {
  const work = await mkdtemp(join(tmpdir(), 'roomkit-consumer-'));
  const cleanup = () => rm(work, { recursive: true, force: true });
  try {
    let tarball = options.tarball;
    if (!tarball) {
      const { command, prefix } = pnpmCommand();
      await run(command, [...prefix, 'pack', '--pack-destination', work], { cwd: await packageDir(name) });
      const tarballName = (await readdir(work)).find((file) => file.endsWith('.tgz'));
      if (!tarballName) throw new Error(`pnpm pack of ${name} produced no tarball in ${work}`);
      tarball = join(work, tarballName);
    }

    const unpacked = join(work, 'unpacked');
    await mkdir(unpacked);
    await run('tar', ['-xzf', tarball, '-C', unpacked]);
    const manifest = JSON.parse(
      await readFile(join(unpacked, 'package', 'package.json'), 'utf8'),
    ) as ConsumerCheck['manifest'];
    const tarballBytes = await readFile(tarball);
    // Linted from the tarball itself: exactly the files and manifest that would be published.
    const lint = await publint({
      strict: true,
      pack: {
        tarball: tarballBytes.buffer.slice(tarballBytes.byteOffset, tarballBytes.byteOffset + tarballBytes.byteLength),
      },
    });
    const publintMessages = lint.messages.map(
      (message) => `${message.type}: ${formatMessage(message, lint.pkg) ?? message.code}`,
    );

    const consumer = join(work, 'consumer');
    await mkdir(consumer);
    await writeFile(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'roomkit-consumer', private: true, type: 'module' }),
    );
    // --prefer-offline: what the npm cache holds is used without asking the registry again, so a
    // slow or flaky registry (or proxy) costs nothing for packages installed before. The timeout
    // turns a registry that never answers into an error that says so, not a hung test.
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error', tarball],
      { cwd: consumer, timeout: INSTALL_TIMEOUT_MS },
    ).catch((error: { killed?: boolean; stderr?: string }) => {
      if (!error.killed) throw error;
      throw new Error(
        `npm install of ${basename(tarball)} did not finish within ${INSTALL_TIMEOUT_MS / 1000} s: is the registry ` +
          `reachable, and does this Node trust its certificate (npm's cafile, NODE_EXTRA_CA_CERTS)? ${error.stderr ?? ''}`,
        { cause: error },
      );
    });
    const { stdout: tree } = await run('npm', ['ls', '--all', '--parseable'], { cwd: consumer });
    const installed = tree
      .split('\n')
      .filter((line) => line.includes('node_modules'))
      .map((line) => line.slice(line.lastIndexOf('node_modules/') + 'node_modules/'.length));

    await writeFile(
      join(consumer, 'example.ts'),
      readmeExample(await readFile(join(unpacked, 'package', 'README.md'), 'utf8')),
    );
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: [],
          strict: true,
          noEmit: true,
          // Check the published .d.ts files too, not only the example.
          skipLibCheck: false,
        },
        files: ['example.ts'],
      }),
    );
    const tsc = require.resolve('typescript/bin/tsc');
    const typeErrors = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer }).then(
      () => '',
      (error: { stdout?: string; stderr?: string }) =>
        `${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || 'tsc failed',
    );

    const { stdout: runtimeExport } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(name)}); console.log(typeof m[${JSON.stringify(entry)}]);`,
      ],
      { cwd: consumer },
    );
    return {
      tarball,
      consumer,
      manifest,
      publintMessages,
      installed,
      typeErrors,
      runtimeExport: runtimeExport.trim(),
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
