// A proxy that holds every answer a while before passing it on: the sandbox as a vendor across
// the internet (30 to 150 ms away) looks to a client, without a network. It listens on
// 127.0.0.1 only, and counts what it saw, so that a test or a benchmark can check from the
// outside how many requests a client kept in flight.
import { Agent, createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelayProxyOptions {
  /** The server behind it (`http://127.0.0.1:port`). */
  target: string;
  /** How long each answer is held before it is passed on, in milliseconds. */
  delayMs: number;
}

export interface DelayProxy {
  url: string;
  /** Requests received. */
  readonly requests: number;
  /** The most requests that were open at the proxy at once. */
  readonly peakInFlight: number;
  /** When each request arrived (Date.now()), in order, and the status each answer had. */
  readonly arrivals: readonly number[];
  readonly statuses: readonly number[];
  close(): Promise<void>;
}

function collect(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  if (!(options.delayMs >= 0)) throw new RangeError(`delayMs must be 0 or more, not ${options.delayMs}`);
  const upstream = new URL(options.target);
  const agent = new Agent({ keepAlive: true });
  let requests = 0;
  let open = 0;
  let peak = 0;
  const arrivals: number[] = [];
  const statuses: number[] = [];
  const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    arrivals.push(Date.now());
    open += 1;
    peak = Math.max(peak, open);
    const done = () => {
      open -= 1;
    };
    void (async () => {
      try {
        const body = await collect(req);
        const send = (): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
          new Promise((resolve, reject) => {
            const out = forward(
              {
                host: upstream.hostname,
                port: upstream.port,
                method: req.method,
                path: req.url,
                headers: { ...req.headers, host: upstream.host },
                agent,
              },
              (upstreamRes) => {
                void collect(upstreamRes).then(
                  (b) => resolve({ status: upstreamRes.statusCode ?? 502, headers: upstreamRes.headers, body: b }),
                  reject,
                );
              },
            );
            out.on('error', (error: NodeJS.ErrnoException) =>
              // A kept-alive connection the server closed as it was reused: sent again on a fresh one.
              reject(Object.assign(error, { retry: out.reusedSocket && error.code === 'ECONNRESET' })),
            );
            out.end(body);
          });
        const answer = await send().catch((error: { retry?: boolean }) => {
          if (error.retry === true) return send();
          throw error;
        });
        statuses.push(answer.status);
        await hold(options.delayMs);
        const headers = { ...answer.headers };
        delete headers['transfer-encoding'];
        delete headers.connection;
        res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
        res.end(answer.body);
      } catch (error) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`delay proxy: ${(error as Error).message}`);
      } finally {
        done();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get peakInFlight() {
      return peak;
    },
    arrivals,
    statuses,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
