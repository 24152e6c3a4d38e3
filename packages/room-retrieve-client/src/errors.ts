import type { components } from '../generated/room-retrieve.js';

export type FailEntry = components['schemas']['FailEnvelope']['Errors'][number];

/**
 * A `Fail` envelope (or any non-2xx answer). `errors` holds every `Errors[]` entry the vendor sent,
 * `ruid` the request ID its support asks for.
 */
export class RoomRetrieveError extends Error {
  override readonly name = 'RoomRetrieveError';
  readonly status: number;
  readonly errors: readonly FailEntry[];
  readonly ruid: string | undefined;
  /** The body as received, for answers that are not a Fail envelope. */
  readonly body: unknown;

  constructor(status: number, envelope: components['schemas']['FailEnvelope'] | undefined, body: unknown) {
    const errors = envelope?.Errors ?? [];
    const detail = errors.map((entry) => `[${entry.Code}] ${entry.ShortText ?? entry.Message ?? ''}`.trim()).join('; ');
    super(
      `retrieveRooms failed with HTTP ${status}` +
        (envelope ? `: ${detail || 'Fail envelope without Errors'}` : ' and no Fail envelope') +
        (envelope?.Ruid ? ` (Ruid ${envelope.Ruid})` : ''),
    );
    this.status = status;
    this.errors = errors;
    this.ruid = envelope?.Ruid;
    this.body = body;
  }

  /** The `Code` of every entry, e.g. `['572']` for an unknown channel_hotel_id. */
  get codes(): string[] {
    return this.errors.map((entry) => entry.Code);
  }
}

/** The token endpoint refused the client credentials (HTTP 401) or answered no usable token. */
export class RoomRetrieveTokenError extends Error {
  override readonly name = 'RoomRetrieveTokenError';

  constructor(
    readonly status: number,
    readonly tokenUrl: string,
    /** The answer's `message`, or what was wrong with the answer. */
    readonly serverMessage: string,
    /** The body as received. */
    readonly body: unknown,
  ) {
    super(`no access token from ${tokenUrl} (HTTP ${status}): ${serverMessage}. Check clientId and clientSecret.`);
  }
}
