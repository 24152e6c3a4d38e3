import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium: the browser the docs are checked in (playwright's own builds cannot be downloaded here). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 900_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output };
}

function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** The spec quotes the vendor's Japanese page (英数字); without a CJK font the screenshots show boxes. */
const JAPANESE_FONT_PACKAGE = 'fonts-ipafont-gothic';

function ensureJapaneseFont(): void {
  if (run('dpkg-query', ['-W', '-f=${Status}', JAPANESE_FONT_PACKAGE]).output.includes('install ok installed')) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  // Cosmetic only (screenshots): a failure here must not stop the tests.
  const result = run('apt-get', ['install', '-y', '--no-install-recommends', JAPANESE_FONT_PACKAGE]);
  if (!result.ok)
    console.error(`[docs] could not install ${JAPANESE_FONT_PACKAGE}; Japanese text will show as boxes in screenshots`);
}

/**
 * Returns the path of Debian's Chromium, installing it with apt when it is missing (and a
 * Japanese font for the screenshots). Idempotent: what is installed is not installed again.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) {
    ensureJapaneseFont();
    return CHROMIUM_PATH;
  }
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH} and this process cannot install it (needs root and apt-get). ` +
        `Install it with: sudo apt-get install -y chromium`,
    );
  }
  console.error(`[docs] ${CHROMIUM_PATH} missing: installing Debian's chromium with apt-get (one time)...`);
  let attempt = run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  if (!attempt.ok) {
    // A fresh machine has empty package lists: refresh them once, then retry.
    const update = run('apt-get', ['update']);
    if (!update.ok) {
      throw new Error(
        `apt-get update failed while installing Chromium for the docs browser test:\n${tail(update.output)}`,
      );
    }
    attempt = run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  }
  if (!attempt.ok || !existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Could not install Chromium (apt-get install -y chromium) for the docs browser test:\n${tail(attempt.output)}\n` +
        `Install it by hand and re-run the tests.`,
    );
  }
  ensureJapaneseFont();
  return CHROMIUM_PATH;
}
