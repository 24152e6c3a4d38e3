/**
 * The Request that openapi-fetch builds and hands to middleware and to `fetch`, without
 * undici's cost: a real Request allocates an AbortController and follows signals, and fetch()
 * given a Request builds a second one. On a loopback call that doubled the client's overhead
 * against a bare `fetch(url, init)`; this carries the same data and is sent as
 * `fetch(url, init)`, so a client call builds one Request, like the bare call.
 *
 * Its prototype chain includes Request.prototype so that `instanceof Request` holds in
 * middleware; everything middleware normally touches (url, method, headers, signal, body, clone,
 * text, json) is its own. `new Request(request)` does not accept it; `new Request(request.url,
 * request)` does, and middleware may return such a real Request instead.
 */
export class LightRequest {
  #light = true;

  static isLight(value: unknown): value is LightRequest {
    return typeof value === 'object' && value !== null && #light in value;
  }

  /** openapi-fetch checks what middleware returns with `instanceof` this class: any Request will do. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Request;
  }

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
    return {
      method: this.method,
      headers: this.headers,
      body: this.body,
      redirect: this.redirect,
      signal: this.signal,
    };
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

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.body ?? '').buffer as ArrayBuffer;
  }

  async blob(): Promise<Blob> {
    return new Blob([this.body ?? '']);
  }

  // Typed here, answered by REQUEST_DEFAULTS below.
  declare readonly cache: RequestCache;
  declare readonly credentials: RequestCredentials;
  declare readonly destination: RequestDestination;
  declare readonly integrity: string;
  declare readonly keepalive: boolean;
  declare readonly mode: RequestMode;
  declare readonly referrer: string;
  declare readonly referrerPolicy: ReferrerPolicy;
}
Object.setPrototypeOf(LightRequest.prototype, Request.prototype);

// The fetch defaults, as its own answers: the inherited Request getters would throw on this
// object. With them, middleware can still build a real one with `new Request(request.url, request)`.
const REQUEST_DEFAULTS = {
  cache: 'default',
  credentials: 'same-origin',
  destination: '',
  integrity: '',
  keepalive: false,
  mode: 'cors',
  referrer: 'about:client',
  referrerPolicy: '',
} satisfies Partial<Record<keyof Request, unknown>>;
for (const [name, value] of Object.entries(REQUEST_DEFAULTS)) {
  Object.defineProperty(LightRequest.prototype, name, { get: () => value, configurable: true });
}

/** Sends a LightRequest as `fetch(url, init)`; a real Request (from user middleware) as is. */
export function sendWith(fetchImpl: typeof fetch): (request: Request | LightRequest) => Promise<Response> {
  return (request) => (LightRequest.isLight(request) ? fetchImpl(request.url, request.init()) : fetchImpl(request));
}
