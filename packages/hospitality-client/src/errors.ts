import { requestIdHeader } from '../generated/hospitality-spec.js';

/**
 * A non-2xx answer from the hospitality API. `requestId` is the vendor's
 * X-Amzn-RequestId, the one thing its support needs to find the call.
 */
export class HospitalityApiError extends Error {
  override readonly name = 'HospitalityApiError';
  readonly status: number;
  readonly requestId: string | undefined;
  readonly operationId: string;
  /** The parsed error body (`{ message?: string }` when the server follows the spec). */
  readonly body: unknown;

  constructor(init: { operationId: string; status: number; requestId: string | undefined; body: unknown }) {
    const serverMessage = messageOf(init.body);
    super(
      `${init.operationId} failed with HTTP ${init.status}` +
        (serverMessage ? `: ${serverMessage}` : '') +
        (init.requestId ? ` (${requestIdHeader} ${init.requestId})` : ''),
    );
    this.status = init.status;
    this.requestId = init.requestId;
    this.operationId = init.operationId;
    this.body = init.body;
  }

  /** The server's `message` field, if it sent one. */
  get serverMessage(): string | undefined {
    return messageOf(this.body);
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
    return body.message;
  }
  if (typeof body === 'string' && body.length > 0) return body;
  return undefined;
}

/** A list whose server handed back a nextToken it had already handed out: following it would never end. */
export class PaginationLoopError extends Error {
  override readonly name = 'PaginationLoopError';
  constructor(
    readonly operationId: string,
    readonly nextToken: string,
    readonly pageNumber: number,
  ) {
    super(
      `${operationId}: page ${pageNumber} returned nextToken ${JSON.stringify(nextToken)}, which an earlier page already returned; ` +
        'stopping instead of looping forever (the server is repeating its pagination token)',
    );
  }
}

/** Login with Amazon refused to exchange the refresh token. */
export class LwaTokenError extends Error {
  override readonly name = 'LwaTokenError';
  constructor(
    readonly status: number,
    readonly error: string | undefined,
    readonly errorDescription: string | undefined,
    tokenUrl: string,
  ) {
    super(
      `Login with Amazon token request to ${tokenUrl} failed with HTTP ${status}` +
        (error ? `: ${error}` : '') +
        (errorDescription ? ` (${errorDescription})` : '') +
        '; check clientId, clientSecret and that the refresh token (Atzr|...) is still valid',
    );
  }
}
