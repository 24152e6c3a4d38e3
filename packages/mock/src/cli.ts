#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { wholeNumberExpected } from '@roomkit/openapi';
import { PortInUseError, startMock, type ApiName } from './index.js';

const APIS: readonly ApiName[] = ['hospitality', 'room-retrieve'];
const usage = `usage: roomkit-mock <${APIS.join('|')}> [--port N] [--dynamic] [--errors] [--seed S]`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      dynamic: { type: 'boolean', short: 'd', default: false },
      errors: { type: 'boolean', default: false },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const api = positionals[0] as ApiName | undefined;
  if (!api || !APIS.includes(api) || positionals.length > 1) {
    throw new Error(
      `expected exactly one API name (${APIS.join(' or ')}), got ${JSON.stringify(positionals)}\n${usage}`,
    );
  }
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (values.port !== undefined && (!/^\d+$/.test(values.port) || port > 65535)) {
    throw new Error(wholeNumberExpected('--port', values.port, { min: 0, max: 65535 }));
  }
  let mock;
  try {
    mock = await startMock({
      api,
      port,
      dynamic: values.dynamic,
      errors: values.errors,
      ...(values.seed === undefined ? {} : { seed: values.seed }),
    });
  } catch (error) {
    if (error instanceof PortInUseError) {
      throw new Error(
        `cannot start the ${api} mock: ${error.message}; stop what listens there or pick another with --port`,
        { cause: error },
      );
    }
    throw error;
  }
  console.log(`${api} mock (Prism) listening on ${mock.url}; Ctrl-C stops it`);
  let stopping = false;
  const shutdown = () => {
    stopping = true;
    void mock.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  void mock.exited.then(() => {
    if (stopping) return;
    console.error(`roomkit-mock: Prism (pid ${mock.pid}) exited unexpectedly; the ${api} mock has stopped`);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  console.error(`roomkit-mock: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
