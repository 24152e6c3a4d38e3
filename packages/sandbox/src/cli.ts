#!/usr/bin/env node
// pnpm sandbox --port 4020 --db roomkit-sandbox.db --seed-file seed.json [--fault a,b] [--variation c]
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_DATABASE, createSandbox, defaultBodyLimit } from './sandbox.js';
import { faults, variations } from './faults/index.js';
import { defaultSeedPath, roomRetrieveAuthorization } from './seed.js';
import { defaultFixturePath, loadFixture } from './fixture.js';
import {
  commaSeparated,
  createSpecValidator,
  deref,
  getOperation,
  listOperations,
  loadSpec,
  paginationOf,
  resources,
  securitySchemes,
  seedFlagMisused,
  tokenUrls,
  wholeNumberExpected,
} from '@roomkit/openapi';

function integer(name: string, min: number, max?: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || (max !== undefined && n > max))
      throw new InvalidArgumentError(wholeNumberExpected(name, value, { min, ...(max === undefined ? {} : { max }) }));
    return n;
  };
}

const program = new Command()
  .name('roomkit-sandbox')
  .description('Stateful reference sandbox for the hospitality and Room Retrieve APIs, driven by the bundled specs.')
  .option('--port <n>', 'port to listen on (0 picks a free one)', integer('--port', 0, 65535), 4020)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .addOption(
    new Option(
      '--db <file|url>',
      "SQLite database file (':memory:' keeps nothing), or postgres://user:password@host:port/database to share one PostgreSQL database between replicas",
    )
      .env('ROOMKIT_SANDBOX_DB')
      .default(DEFAULT_DATABASE),
  )
  .option('--seed-file <file>', 'seed file: organizations, tokens, LWA client, Room Retrieve apps', defaultSeedPath)
  // `--seed` is a number for roomkit verify and the mock; here it would be read as a file.
  .addOption(new Option('--seed <value>').hideHelp())
  .option('--fixture <file>', 'Room Retrieve hotels and units', defaultFixturePath)
  .option(
    '--fault <names>',
    `inject faults (comma-separated, repeatable): ${Object.keys(faults).join(', ')}`,
    commaSeparated,
    [],
  )
  .option(
    '--variation <names>',
    `legitimate vendor variations: ${Object.keys(variations).join(', ')}`,
    commaSeparated,
    [],
  )
  .option(
    '--throttle-rate <n>',
    'throttle: requests per second per token (off when absent)',
    integer('--throttle-rate', 1),
  )
  .option('--throttle-burst <n>', 'throttle: burst size per token', integer('--throttle-burst', 1))
  .option(
    '--body-limit <bytes>',
    `largest request body (413 above; default ${defaultBodyLimit()}, the specs' x-roomkit-request-body)`,
    integer('--body-limit', 1),
  )
  .addOption(
    new Option(
      '--durability <mode>',
      'SQLite: normal survives a crash of the process, full also a power cut (PostgreSQL: its own settings)',
    )
      .choices(['normal', 'full'])
      .default('normal'),
  )
  .option('--no-validate-responses', 'do not check answers against the spec')
  .option('--list-faults', 'print the fault and variation names with descriptions, then exit');

program.parse();
const opts = program.opts<{
  port: number;
  host: string;
  db: string;
  seed?: string;
  seedFile: string;
  fixture: string;
  fault: string[];
  variation: string[];
  throttleRate?: number;
  throttleBurst?: number;
  bodyLimit?: number;
  durability: 'normal' | 'full';
  validateResponses: boolean;
  listFaults?: boolean;
}>();

if (opts.seed !== undefined) {
  program.error(`roomkit-sandbox: ${seedFlagMisused('sandbox', opts.seed)}`, { exitCode: 2 });
}

if (opts.listFaults) {
  for (const [name, f] of Object.entries(faults))
    console.log(`fault     ${name.padEnd(40)} [${f.area}] ${f.description}`);
  for (const [name, v] of Object.entries(variations)) console.log(`variation ${name.padEnd(40)} ${v.description}`);
  process.exit(0);
}

try {
  const sandbox = await createSandbox({
    port: opts.port,
    host: opts.host,
    database: opts.db,
    seed: opts.seedFile,
    fixture: opts.fixture,
    faults: opts.fault,
    variations: opts.variation,
    bodyLimitBytes: opts.bodyLimit,
    durability: opts.durability,
    validateResponses: opts.validateResponses,
    ...(opts.throttleRate
      ? { throttle: { ratePerSecond: opts.throttleRate, burst: opts.throttleBurst ?? opts.throttleRate } }
      : {}),
  });
  const { seed } = sandbox;
  const lwaClient = seed.lwa.clients[0];
  // Paths, header names and example fields as the specs state them.
  const hospitality = loadSpec('hospitality');
  const roomRetrieve = loadSpec('room-retrieve');
  const topList = paginationOf(hospitality, Object.values(resources(hospitality))[0]!.operations.list)!;
  const list = getOperation(hospitality, topList.operationId);
  const [tokenUrl] = tokenUrls(hospitality);
  const tokenPath = tokenUrl === undefined ? undefined : new URL(tokenUrl).pathname;
  const [retrieve] = listOperations(roomRetrieve);
  const apiKeyHeaders = Object.values(securitySchemes(roomRetrieve)).flatMap((s) =>
    s.type === 'apiKey' ? [s.name] : [],
  );
  // The example body: the request's required fields, with the first fixture hotel's values.
  const required =
    deref<{ required?: string[] }>(roomRetrieve, retrieve?.requestBody?.schema ?? {}, '').value?.required ?? [];
  const [hotel] = loadFixture(opts.fixture, roomRetrieve, createSpecValidator(roomRetrieve)).hotels;
  const lines = [
    `roomkit sandbox listening on ${sandbox.url}`,
    `  database: ${sandbox.store} ${sandbox.database}${opts.fault.length ? `   faults: ${opts.fault.join(', ')}` : ''}${opts.variation.length ? `   variations: ${opts.variation.join(', ')}` : ''}`,
    '',
    `Hospitality API  (base URL ${sandbox.url}, paths ${list.path.replace(/\/[^/]*$/, '')}/...)`,
    ...sandbox.organizations.map(
      (o, i) => `  organization ${i + 1}: ${o.id} (${o.name})  Authorization: Bearer ${o.tokens[0]}`,
    ),
    `  e.g. curl -H 'Authorization: Bearer ${sandbox.organizations[0]!.tokens[0]}' '${sandbox.url}${list.path}?${topList.filter}=${sandbox.organizations[0]!.id}'`,
  ];
  if (lwaClient && tokenPath) {
    lines.push(
      `  LWA token endpoint: POST ${sandbox.url}${tokenPath} (form-encoded refresh_token grant)`,
      `    curl -d grant_type=refresh_token -d client_id=${lwaClient.clientId} -d client_secret=${lwaClient.clientSecret} \\`,
      `         --data-urlencode 'refresh_token=${seed.lwa.refreshTokens[0]?.token ?? ''}' ${sandbox.url}${tokenPath}`,
    );
  }
  const app = seed.roomRetrieve.apps[0];
  if (app && retrieve) {
    const auth = roomRetrieveAuthorization(app);
    const example = Object.fromEntries(
      required.map((f) => [f, (hotel as unknown as Record<string, unknown> | undefined)?.[f]]),
    );
    lines.push(
      '',
      `Room Retrieve API  ${retrieve.method.toUpperCase()} ${sandbox.url}${retrieve.path}`,
      `  headers: ${apiKeyHeaders.map((h) => `${h}: ${app.appId}`).join('   ')}   Authorization: ${auth}${app.basic && app.bearerTokens?.length ? `  (or Bearer ${app.bearerTokens[0]})` : ''}`,
      `  body: ${JSON.stringify(example)}   (hotels: ${opts.fixture})`,
    );
  }
  const tokenApp = seed.roomRetrieve.apps.find((a) => a.tokenClient);
  if (tokenApp?.tokenClient) {
    const { method, path, headers } = sandbox.roomRetrieveTokenEndpoint;
    const [environment, secret] = Object.entries(tokenApp.tokenClient.secrets)[0]!;
    lines.push(
      `  token-based: ${method.toUpperCase()} ${sandbox.url}${path} issues Bearer tokens (${environment} secret shown), valid with app-id ${tokenApp.appId}:`,
      `    curl -H '${headers.clientId}: ${tokenApp.tokenClient.clientId}' -H '${headers.clientSecret}: ${secret}' ${sandbox.url}${path}`,
    );
  }
  console.log(lines.join('\n'));
  // Requests in flight are answered first (a rolling restart behind a load balancer loses none).
  const stop = () => {
    void sandbox.close({ drainMs: 10_000 }).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error(`roomkit-sandbox: ${(e as Error).message}`);
  process.exit(2);
}
