// `verify room-retrieve` with the token-based scheme: --client-id and --client-secret are traded
// for an access token at the spec's token endpoint before the run, through the run's transport;
// a refusal exits 2 naming the flags; the token and the client credentials never reach a report.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../src/cli.js';
import { roomRetrieveSecrets, roomRetrieveTarget } from '../src/room-retrieve/target.js';
import { UsageError } from '../src/suite.js';
import { startSandbox, type RunningSandbox } from './support.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

let correct: RunningSandbox;
let faulty: RunningSandbox;
beforeAll(async () => {
  [correct, faulty] = await Promise.all([startSandbox(), startSandbox({ faults: ['rr-enum-lowercase'] })]);
});
afterAll(async () => {
  await Promise.all([correct?.sandbox.close(), faulty?.sandbox.close()]);
});

function tokenArgs(s: RunningSandbox, overrides: { appId?: string; clientSecret?: string } = {}, extra: string[] = []) {
  const app = s.sandbox.seed.roomRetrieve.apps.find((a) => a.tokenClient)!;
  const t = s.roomRetrieve;
  return [
    'verify',
    'room-retrieve',
    '--base-url',
    t.baseUrl,
    '--app-id',
    overrides.appId ?? app.appId,
    '--client-id',
    app.tokenClient!.clientId,
    '--client-secret',
    overrides.clientSecret ?? app.tokenClient!.secrets.sandbox!,
    '--hotel',
    `${t.hotels[0]!.hotelId}:${t.hotels[0]!.channelHotelId}`,
    '--runs',
    '3',
    '--seed',
    '11',
    ...extra,
  ];
}

describe('the token-based scheme on the command line', () => {
  it.each([
    [{ clientId: 'c' }, /--client-id and --client-secret go together/],
    [{ clientSecret: 's' }, /--client-id and --client-secret go together/],
    [
      { clientId: 'c', clientSecret: 's', apiKey: 'Basic x' },
      /one scheme: --api-key .*, or --client-id with --client-secret/,
    ],
    [{}, /needs --api-key <Authorization value> \(or ROOMKIT_API_KEY\), or --client-id <id> with --client-secret/],
  ])('%o is a usage error naming the flags', (flags, message) => {
    const hotel = [{ hotelId: 'H', channelHotelId: '1' }];
    expect(() => roomRetrieveTarget({ appId: 'a', hotel, ...flags }, 'http://127.0.0.1:1')).toThrow(UsageError);
    expect(() => roomRetrieveTarget({ appId: 'a', hotel, ...flags }, 'http://127.0.0.1:1')).toThrow(message);
  });

  it('keeps the fetched token, the client secret and the client id out of reports, as ${ENV} references', () => {
    const target = {
      ...roomRetrieveTarget(
        {
          appId: 'app',
          clientId: 'Y2xpZW50',
          clientSecret: 'the-secret',
          hotel: [{ hotelId: 'H', channelHotelId: '1' }],
        },
        'http://127.0.0.1:1',
      ),
      apiKey: 'Bearer sandbox_tok3n',
      accessToken: 'sandbox_tok3n',
    };
    expect(roomRetrieveSecrets(target)).toEqual([
      { value: 'sandbox_tok3n', env: 'ROOMKIT_ACCESS_TOKEN' },
      { value: 'the-secret', env: 'ROOMKIT_CLIENT_SECRET' },
      { value: 'Y2xpZW50', env: 'ROOMKIT_CLIENT_ID' },
      { value: 'app', env: 'ROOMKIT_APP_ID' },
    ]);
  });
});

describe('verify room-retrieve --client-id --client-secret against the sandbox', () => {
  it('fetches an access token and conforms', async () => {
    const { code, out, err } = await run(tokenArgs(correct));
    expect(code, `${out}\n${err}`).toBe(EXIT.conforms);
    expect(err).toMatch(/--client-secret on the command line is visible/);
  });

  it('reports violations with the token as ${ROOMKIT_ACCESS_TOKEN}, never in clear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomkit-rr-token-'));
    const file = join(dir, 'report.json');
    const { code, out, err } = await run(tokenArgs(faulty, {}, ['--json', file]));
    expect(code, `${out}\n${err}`).toBe(EXIT.violations);
    const report = readFileSync(file, 'utf8');
    expect(report).toContain('"authorization": "Bearer ${ROOMKIT_ACCESS_TOKEN}"');
    expect(report).toContain('-H \\"authorization: Bearer ${ROOMKIT_ACCESS_TOKEN}\\"');
    const app = faulty.sandbox.seed.roomRetrieve.apps.find((a) => a.tokenClient)!;
    for (const text of [report, out, err]) {
      expect(text).not.toMatch(/sandbox_[A-Za-z0-9_-]{20,}/);
      expect(text).not.toContain(app.tokenClient!.secrets.sandbox!);
      expect(text).not.toContain(app.tokenClient!.clientId);
    }
  });

  it('exits 2 naming --client-id / --client-secret when the token endpoint refuses them', async () => {
    const { code, err } = await run(tokenArgs(correct, { clientSecret: 'wrong' }));
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(
      /gave no access token for --client-id \/ --client-secret \(401 on GET \/auth\/generate-access-token: Invalid client-id or client-secret\.\)/,
    );
    expect(err).not.toContain('wrong');
  });

  it('exits 2 naming --app-id when the token belongs to another app', async () => {
    const { code, err } = await run(tokenArgs(correct, { appId: 'not-the-app' }));
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/refused --app-id with the access token it issued for --client-id \(401/);
  });

  it('exits 2 on a base URL without the token endpoint', async () => {
    const args = tokenArgs(correct);
    args[args.indexOf('--base-url') + 1] = `${correct.roomRetrieve.baseUrl}/api`;
    const { code, err } = await run(args);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/no token endpoint at GET \/api\/auth\/generate-access-token \(404\)/);
  });
});
