import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs the built CLI to completion; a CLI that never exits fails the test after `timeoutMs`. */
function runCli(args: string[], timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`roomkit-mock ${args.join(' ')} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

it('a busy port is one line naming the port, and a non-zero exit', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as AddressInfo).port;
  try {
    const { code, stdout, stderr } = await runCli(['hospitality', '--port', String(port)]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      `roomkit-mock: cannot start the hospitality mock: port ${port} on 127.0.0.1 is already in use; stop what listens there or pick another with --port`,
    ]);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});

it('an unknown API is one line with the usage, and a non-zero exit', async () => {
  const { code, stderr } = await runCli(['nope']);
  expect(code).toBe(1);
  expect(stderr).toMatch(
    /^roomkit-mock: expected exactly one API name \(hospitality or room-retrieve\), got \["nope"\]\nusage: /,
  );
});

it('a port that is not a whole number from 0 to 65535 is refused, naming the flag and the bounds', async () => {
  for (const value of ['65536', 'x', '1.5']) {
    const { code, stderr } = await runCli(['hospitality', '--port', value]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`roomkit-mock: --port must be a whole number from 0 to 65535, got "${value}".`);
  }
});
