import { parseArgs } from 'node:util';

/**
 * Parses a release CLI's options (all of them take a value); a usage error (unknown option, missing value) exits 2 with
 * the usage line, as the other roomkit CLIs do.
 */
export function cliOptions(usage: string, names: string[]): Record<string, string | undefined> {
  const options = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: ${usage}`);
    process.exit(2);
  }
}

/** Runs a CLI body: an unexpected error (missing file, bad manifest) exits 2 with its message. */
export function runCli(body: () => Promise<number>): void {
  body().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
