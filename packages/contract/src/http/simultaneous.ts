import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { OutgoingRequest } from './exchange.js';
import type { Dispatch, DispatchedResponse } from './transport.js';

/**
 * Holds back the last byte written to a socket until `release`: everything before it is on the
 * wire (the target has the request but one byte), the last byte goes out when the batch is
 * released. Node's HTTP client writes the request; only the socket's `write` is wrapped.
 */
class LastByteGate {
  private held: Buffer | undefined;
  private open = false;
  private readonly forward: (chunk: Buffer) => boolean;

  constructor(private readonly socket: Socket) {
    const write = socket.write.bind(socket) as (chunk: Buffer, callback?: (error?: Error | null) => void) => boolean;
    this.forward = write;
    socket.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      const done = (typeof encoding === 'function' ? encoding : callback) as ((e?: Error | null) => void) | undefined;
      const bytes =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk);
      if (this.open) return write(bytes, done);
      const all = this.held === undefined ? bytes : Buffer.concat([this.held, bytes]);
      if (all.length === 0) {
        if (done !== undefined) process.nextTick(done);
        return true;
      }
      this.held = all.subarray(all.length - 1);
      if (all.length === 1) {
        if (done !== undefined) process.nextTick(done);
        return true;
      }
      return write(all.subarray(0, all.length - 1), done);
    }) as Socket['write'];
  }

  release(): void {
    this.open = true;
    const held = this.held;
    this.held = undefined;
    if (held !== undefined && !this.socket.destroyed) this.forward(held);
  }
}

/** A connected socket (TLS for https), opened before anything is written: the batch's connections are warm. */
function connect(url: URL, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:';
    const port = Number(url.port || (https ? 443 : 80));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = https
      ? tlsConnect({ host, port, servername: host, ALPNProtocols: ['http/1.1'] })
      : netConnect({ host, port });
    const onAbort = () => socket.destroy(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once(https ? 'secureConnect' : 'connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.setNoDelay(true);
      resolve(socket);
    });
    // Errors after the connection is made reach the request (and its answer's body) instead.
    socket.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}

function headOf(response: IncomingMessage, socket: Socket): DispatchedResponse {
  const body = Readable.toWeb(response) as ReadableStream<Uint8Array>;
  // However the body ends (read to its end, cut at --max-body, aborted), the connection goes with it.
  response.once('close', () => socket.destroy());
  return {
    status: response.statusCode ?? 0,
    headers: {
      forEach(callback) {
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) callback(Array.isArray(value) ? value.join(', ') : value, name);
        }
      },
    },
    body,
  };
}

/**
 * N requests put on the wire so that the target has every one of them before it can answer any:
 * each gets its own connection, opened (and for https, handshaken) first; each request is then
 * written but for its last byte; once all N are written that far, the last bytes go out together.
 * A request that is withdrawn (refused by the guard, cut by the budget before it was sent) is not
 * waited for.
 *
 * The batch only puts requests on the wire: each is sent through `HttpTransport.send` with the
 * batch's `dispatch(i)`, so the guard, budget, body cap, ledger and redaction see it as any other.
 */
export class SimultaneousBatch {
  private readonly arrived = new Set<number>();
  private readonly waiting: Array<() => void> = [];
  private released = false;
  /** Answers whose head came before the batch was released (the target answered a partial request). */
  early = 0;

  constructor(readonly size: number) {}

  dispatch(index: number): Dispatch {
    return (request, signal) => this.put(index, request, signal);
  }

  /** Request `index` will not be written (or was, and failed): the others do not wait for it. */
  withdraw(index: number): void {
    this.arrive(index, () => {});
  }

  private arrive(index: number, release: () => void): void {
    if (this.arrived.has(index)) return;
    this.arrived.add(index);
    if (this.released) return release();
    this.waiting.push(release);
    if (this.arrived.size >= this.size) {
      this.released = true;
      // One synchronous loop: no answer can be handled between two releases.
      for (const go of this.waiting.splice(0)) go();
    }
  }

  private async put(index: number, request: OutgoingRequest, signal: AbortSignal): Promise<DispatchedResponse> {
    const url = new URL(request.url);
    let socket: Socket;
    try {
      socket = await connect(url, signal);
    } catch (error) {
      this.withdraw(index);
      throw error;
    }
    const gate = this.released ? undefined : new LastByteGate(socket);
    return new Promise<DispatchedResponse>((resolve, reject) => {
      const headers: Record<string, string> = { ...request.headers, host: url.host };
      if (request.body !== undefined) {
        if (request.chunked === true) headers['transfer-encoding'] = 'chunked';
        else headers['content-length'] = String(Buffer.byteLength(request.body));
      }
      const outgoing = httpRequest({
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        setHost: false,
        createConnection: () => socket,
      });
      let responded = false;
      const fail = (error: Error) => {
        this.withdraw(index);
        // After the answer's head, its body stream reports the error (the transport reads it).
        if (responded) return;
        socket.destroy();
        reject(error);
      };
      // Until the answer's body is read to its end: a target that stalls mid-body is cut off too.
      const onAbort = () => {
        outgoing.destroy(signal.reason as Error);
        socket.destroy(signal.reason as Error);
        fail(signal.reason as Error);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', fail);
      outgoing.once('response', (response) => {
        responded = true;
        response.once('close', () => signal.removeEventListener('abort', onAbort));
        if (!this.released) this.early += 1;
        this.withdraw(index);
        resolve(headOf(response, socket));
      });
      // 'finish': all but the last byte is handed to the socket; the request waits for the others.
      outgoing.once('finish', () => this.arrive(index, () => gate?.release()));
      outgoing.end(request.body);
    });
  }
}

/**
 * Starts `count` sends, each with its batch dispatch, and waits until all of them settled (so
 * that nothing is left in flight); rethrows the first failure (budget, guard) after that.
 */
export async function simultaneously<T>(
  count: number,
  start: (dispatch: Dispatch, index: number) => Promise<T>,
): Promise<{ results: T[]; early: number }> {
  const batch = new SimultaneousBatch(count);
  const settled = await Promise.allSettled(
    Array.from({ length: count }, (_, index) =>
      Promise.resolve()
        .then(() => start(batch.dispatch(index), index))
        .finally(() => batch.withdraw(index)),
    ),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return { results: settled.map((s) => (s as PromiseFulfilledResult<T>).value), early: batch.early };
}
