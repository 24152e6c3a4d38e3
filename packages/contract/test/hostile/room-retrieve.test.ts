// Hostile Room Retrieve targets: the API has no writes, so what is at stake is the credentials
// (a Basic key, its decoded user:password, the app id, an access token) and the budget.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../support.js';
import { HOP_BY_HOP } from './proxy.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let sandbox: RunningSandbox | undefined;
let proxy: Server | undefined;
/** Failures of the proxy itself, in the current test. */
let proxyErrors: string[] = [];

afterEach(async () => {
  const broken = proxyErrors;
  proxyErrors = [];
  proxy?.closeAllConnections();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await sandbox?.sandbox.close();
  proxy = undefined;
  sandbox = undefined;
  expect(broken, 'the hostile proxy itself failed').toEqual([]);
});

type Mode = 'echo' | 'huge' | 'hang';

/** A proxy in front of the sandbox that echoes every request header (Authorization decoded too, in extra fields and 500 dumps), pads answers, or stops answering. */
async function hostile(mode: Mode): Promise<string> {
  sandbox = await startSandbox();
  const upstream = sandbox.roomRetrieve.baseUrl;
  let seen = 0;
  proxy = createServer(async (req, res) => {
    seen += 1;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client aborted while its body was on the way: nobody to answer
    }
    if (mode === 'hang' && seen > 3) return; // never answers
    // A chunked body arrives whole here: its framing headers describe the client's connection only.
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k))) as Record<
      string,
      string
    >;
    let answer: Response;
    try {
      answer = await fetch(`${upstream}${req.url}`, {
        method: req.method,
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
    } catch (error) {
      // A broken harness must not look like a verify failure, nor crash the test run.
      proxyErrors.push(String(error));
      res.writeHead(502).end();
      return;
    }
    const text = await answer.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const auth = req.headers.authorization ?? '';
    const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
    const out =
      mode === 'echo' && typeof body === 'object' && body !== null
        ? { ...body, echo: { headers: req.headers, decoded, password: decoded.split(':')[1] } }
        : mode === 'huge' && typeof body === 'object' && body !== null
          ? { ...body, padding: 'x'.repeat(3 * 1024 * 1024) }
          : body;
    // Every other answer is a 500 "debug dump" of the request: reported as a violation, so the echo reaches the report.
    const dump = mode === 'echo' && seen % 2 === 0;
    res.writeHead(dump ? 500 : answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
      ...(mode === 'echo'
        ? { 'x-echo-authorization': auth, 'x-echo-app-id': String(req.headers['app-id'] ?? '') }
        : {}),
    });
    res.end(typeof out === 'string' ? out : JSON.stringify(out));
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
}

function run(baseUrl: string, dir: string): Promise<{ code: number | null; out: string; ms: number }> {
  const t = sandbox!.roomRetrieve;
  const hotel = `${t.hotels[0]!.hotelId}:${t.hotels[0]!.channelHotelId}`;
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      CLI,
      'verify',
      'room-retrieve',
      '--base-url',
      baseUrl,
      '--hotel',
      hotel,
      '--runs',
      '3',
      '--seed',
      '5',
      '--max-duration',
      '15',
      '--cleanup-timeout',
      '5',
      '--json',
      join(dir, 'r.json'),
      '--junit',
      join(dir, 'r.xml'),
    ],
    { env: { ...process.env, ROOMKIT_APP_ID: t.appId, ROOMKIT_API_KEY: t.apiKey } },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  // A hang guard well past the bound asserted below.
  const killer = setTimeout(() => child.kill('SIGKILL'), 300_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, out, ms: Date.now() - started });
    }),
  );
}

/** Every form in which the run's Room Retrieve credentials could leak. */
function secretForms(): string[] {
  const t = sandbox!.roomRetrieve;
  const key = t.apiKey.replace(/^Basic /, '');
  const decoded = Buffer.from(key, 'base64').toString('utf8');
  return [key, decoded, decoded.split(':')[1]!, t.appId].filter((s) => s.length >= 4);
}

describe('hostile Room Retrieve targets', () => {
  it.each<Mode>(['echo', 'huge', 'hang'])(
    '%s: ends within its budget, never crashes, never prints a credential',
    async (mode) => {
      const url = await hostile(mode);
      const dir = mkdtempSync(join(tmpdir(), 'roomkit-hostile-rr-'));
      const { code, out, ms } = await run(url, dir);
      expect([0, 1, 2], out).toContain(code);
      expect(out).not.toMatch(/unexpected error|\n\s+at /);
      // --max-duration 15 + --cleanup-timeout 5, and a minute for a process start on a loaded machine:
      // the point is "not minutes or hours".
      expect(ms).toBeLessThan((15 + 5 + 60) * 1000);
      const texts = [out, ...readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'))];
      for (const secret of secretForms())
        for (const text of texts)
          expect(text.includes(secret), `a credential form in the output (${mode})`).toBe(false);
      if (mode === 'echo') expect(out).toMatch(/\$\{ROOMKIT_API_KEY\}|\$\{ROOMKIT_APP_ID\}/);
      if (mode === 'huge') expect(out).toMatch(/response_size_within_limit/);
      if (mode === 'hang') expect(out).not.toMatch(/result: conforms/);
    },
    90_000,
  );
});
