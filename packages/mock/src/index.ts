import type { AddressInfo } from 'node:net';
import { loadSpec, type ApiName } from '@roomkit/openapi';
import { createFrontServer } from './front-server.js';
import { startPrism, type PrismOptions } from './prism-process.js';

export type { ApiName };
export { PrismStartError, prismArguments, prismCliPath } from './prism-process.js';

export interface StartMockOptions {
  api: ApiName;
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Generate responses from the schemas (json-schema-faker) instead of serving the documented examples. */
  dynamic?: boolean;
  /** Answer requests that violate the spec with an error response instead of only flagging them in headers. */
  errors?: boolean;
  /** Seed for dynamic generation, so that runs are repeatable. */
  seed?: string;
  /** Give up if Prism has not said it is listening after this long. Default 60 s. */
  startTimeoutMs?: number;
}

export interface RunningMock {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** Where Prism itself listens (a private port behind `url`); for diagnostics. */
  prismUrl: string;
  /** Process id of Prism (also its process group id). */
  pid: number;
  /** Resolves once Prism has exited: after stop(), or if it dies (the mock then stops listening too). */
  exited: Promise<void>;
  /** Stops listening, kills Prism (its whole process group) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** The port the mock was asked to listen on is taken. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use`);
    this.name = 'PortInUseError';
  }
}

const HOST = '127.0.0.1';

/**
 * Starts the mock of `api` on 127.0.0.1: a small front server on the requested port that
 * enforces the spec's request-body rules, and `prism mock` of the bundled spec behind it.
 */
export async function startMock(options: StartMockOptions): Promise<RunningMock> {
  const front = createFrontServer(loadSpec(options.api), options.api);
  // Listen first: a taken port is then reported at once, before Prism spends seconds starting.
  await new Promise<void>((resolve, reject) => {
    front.server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(HOST, options.port ?? 0) : error);
    });
    front.server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const port = (front.server.address() as AddressInfo).port;

  const prismOptions: PrismOptions = { api: options.api };
  if (options.dynamic) prismOptions.dynamic = true;
  if (options.errors) prismOptions.errors = true;
  if (options.seed !== undefined) prismOptions.seed = options.seed;
  if (options.startTimeoutMs !== undefined) prismOptions.startTimeoutMs = options.startTimeoutMs;
  let prism;
  try {
    prism = await startPrism(prismOptions);
  } catch (error) {
    await front.close();
    throw error;
  }
  front.setUpstream(prism.url);
  const closed = prism.exited.then(() => front.close());
  return {
    url: `http://${HOST}:${port}`,
    prismUrl: prism.url,
    pid: prism.child.pid as number,
    exited: closed,
    async stop() {
      await Promise.all([front.close(), prism.stop()]);
      await closed;
    },
  };
}
