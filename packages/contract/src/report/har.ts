import { closeSync, openSync, writeSync } from 'node:fs';
import type { Exchange } from '../http/exchange.js';
import type { Redactor } from './redact.js';

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the parts roomkit fills. */
export interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: HarHeader[];
    queryString: HarHeader[];
    postData?: { mimeType: string; text: string; comment?: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text: string; comment?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
    comment?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: -1; dns: -1; connect: -1; ssl: -1; send: number; wait: number; receive: number };
  comment?: string;
  /** The operation of the spec the request was sent to (a custom field: HAR allows those with a leading underscore). */
  _operationId?: string;
  /** Why no answer arrived (timeout, connection refused): the response then has status 0. */
  _error?: string;
}

const headerList = (headers: Record<string, string>): HarHeader[] =>
  Object.entries(headers).map(([name, value]) => ({ name, value }));

function capped(text: string, maxBytes: number): { text: string; comment?: string } {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return { text };
  return {
    text: Buffer.from(text).subarray(0, maxBytes).toString('utf8'),
    comment: `cut at ${maxBytes} of ${bytes} bytes (--max-body)`,
  };
}

/** One exchange as a HAR entry (not yet redacted). */
export function harEntry(exchange: Exchange, maxBodyBytes: number): HarEntry {
  const { request, response } = exchange;
  const url = new URL(request.url);
  const requestType = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const body = request.body === undefined ? undefined : capped(request.body, maxBodyBytes);
  const text = response === undefined ? { text: '' } : capped(response.text, maxBodyBytes);
  const cut =
    response?.truncatedAt === undefined
      ? text.comment
      : `the answer was longer than ${response.truncatedAt} bytes (--max-body): reading stopped there`;
  return {
    startedDateTime: new Date(exchange.startedAt).toISOString(),
    time: exchange.durationMs,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(request.headers),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(body === undefined
        ? {}
        : {
            postData: {
              mimeType: requestType ?? 'application/octet-stream',
              text: body.text,
              ...(body.comment === undefined ? {} : { comment: body.comment }),
            },
          }),
      headersSize: -1,
      bodySize: request.body === undefined ? 0 : Buffer.byteLength(request.body),
    },
    response: {
      status: response?.status ?? 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(response?.headers ?? {}),
      content: {
        size: response?.bytes ?? 0,
        mimeType: response?.headers['content-type'] ?? 'x-unknown',
        text: text.text,
        ...(cut === undefined ? {} : { comment: cut }),
      },
      redirectURL: response?.headers['location'] ?? '',
      headersSize: -1,
      bodySize: response?.bytes ?? -1,
      ...(response === undefined ? { comment: `no answer: ${exchange.error ?? 'unknown'}` } : {}),
    },
    cache: {},
    // fetch does not time the phases; the whole exchange is the wait.
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: exchange.durationMs, receive: 0 },
    ...(exchange.operationId === undefined ? {} : { _operationId: exchange.operationId }),
    ...(exchange.error === undefined ? {} : { _error: exchange.error }),
  };
}

/**
 * Writes every exchange of a run to a HAR 1.2 file as it happens (memory stays bounded however
 * long the run), each redacted like every other output. The run's redactor is known only once
 * credentials are settled (an access token fetched first): exchanges before that wait for it.
 */
export class HarRecorder {
  private readonly fd: number;
  private redactor: Redactor | undefined;
  private pending: Exchange[] = [];
  private count = 0;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly maxBodyBytes: number,
    version: string,
  ) {
    this.fd = openSync(file, 'w');
    const creator = { name: 'roomkit verify', version };
    writeSync(this.fd, `{"log":{"version":"1.2","creator":${JSON.stringify(creator)},"pages":[],"entries":[\n`);
  }

  /** Hands every exchange of the transport to the file. */
  readonly record = (exchange: Exchange): void => {
    if (this.closed) return;
    if (this.redactor === undefined) this.pending.push(exchange);
    else this.write(exchange, this.redactor);
  };

  /** The run's redactor, once its credentials are known: what waited is written now. */
  redactWith(redactor: Redactor): void {
    this.redactor = redactor;
    for (const exchange of this.pending.splice(0)) this.write(exchange, redactor);
  }

  /** Ends the file; `fallback` redacts what waited when the run ended before settling its credentials. */
  close(fallback: Redactor): number {
    if (this.closed) return this.count;
    if (this.redactor === undefined) this.redactWith(fallback);
    this.closed = true;
    writeSync(this.fd, '\n]}}\n');
    closeSync(this.fd);
    return this.count;
  }

  private write(exchange: Exchange, redactor: Redactor): void {
    const entry = redactor.value(harEntry(exchange, this.maxBodyBytes));
    writeSync(this.fd, `${this.count === 0 ? '' : ',\n'}${JSON.stringify(entry)}`);
    this.count += 1;
  }
}
