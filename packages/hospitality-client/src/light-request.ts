/**
 * The Request that openapi-fetch builds and hands to middleware and to `fetch`, without
 * undici's cost: a real Request allocates an AbortController and follows signals, and fetch()
 * given a Request builds a second one. On a loopback call that doubled the client's overhead
 * against a bare `fetch(url, init)`; this carries the same data and is sent as
 * `fetch(url, init)`, so a client call builds one Request, like the bare call.
 *
 * Its prototype chain includes Request.prototype only so that openapi-fetch accepts it back
 * from middleware (`instanceof Request`); everything middleware normally touches (url, method,
 * headers, signal, body, clone, text, json) is its own.
 */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal | null;
  readonly body: string | null;
  readonly redirect: RequestRedirect;

  constructor(url: string | URL, init: RequestInit = {}) {
    this.url = String(url);
    this.method = (init.method ?? 'GET').toUpperCase();
    // openapi-fetch hands over a Headers it built for this request alone: no need to copy it.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.signal = init.signal ?? null;
    // openapi-fetch serializes JSON bodies to strings; anything else is refused rather than mis-sent.
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      throw new TypeError('LightRequest only carries string bodies (openapi-fetch JSON bodies)');
    }
    this.body = init.body ?? null;
    this.redirect = init.redirect ?? 'follow';
  }

  get bodyUsed(): boolean {
    return false;
  }

  init(): RequestInit {
    return { method: this.method, headers: this.headers, body: this.body, redirect: this.redirect, signal: this.signal };
  }

  clone(): LightRequest {
    return new LightRequest(this.url, { ...this.init(), headers: new Headers(this.headers) });
  }

  async text(): Promise<string> {
    return this.body ?? '';
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}
Object.setPrototypeOf(LightRequest.prototype, Request.prototype);

/** Sends a LightRequest as `fetch(url, init)`; a real Request (from user middleware) as is. */
export function sendWith(fetchImpl: typeof fetch): (request: Request | LightRequest) => Promise<Response> {
  return (request) =>
    request instanceof LightRequest ? fetchImpl(request.url, request.init()) : fetchImpl(request as Request);
}
