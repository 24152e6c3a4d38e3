// Room Retrieve: POST /bdc/room/retrieve answers a hotel's units from the fixture, in the
// vendor's Success / Fail envelopes.
import { STATUS_CODES } from 'node:http';
import type { OperationInfo, SpecValidator } from '@roomkit/openapi';
import { successStatus, type ApiImplementation, type ApiRequest, type Handled } from './api.js';
import type { Hooks, Outgoing, ResponseContext } from './faults.js';
import type { Fixture } from './fixture.js';
import { headerValue } from './http-io.js';
import { ruid } from './ids.js';
import type { Seed } from './seed.js';

// The vendor's error codes inside the Fail envelope (see the spec's 400 description).
const CODE_INVALID_FIELD = '400';
const CODE_UNKNOWN_CHANNEL_HOTEL = '572';
const CODE_UNAUTHORIZED = '401';

function failBody(code: string, shortText: string, message: string): Record<string, unknown> {
  return { Status: 'Fail', Errors: [{ Code: code, ShortText: shortText, Message: message }], Ruid: ruid() };
}

export class RoomRetrieveApi implements ApiImplementation {
  private readonly hotels = new Map<string, { hotel_id: string; units: unknown[] }>();

  constructor(
    private readonly validator: SpecValidator,
    private readonly seed: Seed,
    fixture: Fixture,
    private readonly hooks: Hooks,
  ) {
    for (const h of fixture.hotels) this.hotels.set(h.channel_hotel_id, h);
  }

  commonHeaders(): Record<string, string> {
    return {};
  }

  error(_op: OperationInfo | undefined, status: number, message: string): Outgoing {
    // The vendor's codes mirror the HTTP status (400 invalid field, 401 credentials); other
    // statuses the spec adds (413) follow the same convention.
    const code = status === 401 ? CODE_UNAUTHORIZED : status === 400 ? CODE_INVALID_FIELD : String(status);
    return { status, headers: {}, body: failBody(code, STATUS_CODES[status] ?? 'Error', message) };
  }

  private authorized(req: ApiRequest): boolean {
    const appId = headerValue(req.headers, 'app-id');
    const authorization = headerValue(req.headers, 'authorization');
    const app = this.seed.roomRetrieve.apps.find((a) => a.appId === appId);
    if (!app || !authorization) return false;
    const [scheme, value] = authorization.trim().split(/\s+/, 2);
    if (/^basic$/i.test(scheme ?? '') && app.basic && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      return decoded === `${app.basic.username}:${app.basic.password}`;
    }
    if (/^bearer$/i.test(scheme ?? '') && value) return app.bearerTokens?.includes(value) ?? false;
    return false;
  }

  handle(req: ApiRequest): Handled {
    const ctx: ResponseContext = {
      operationId: req.op.operationId,
      action: 'retrieve',
      documented: Object.keys(req.op.responses),
    };
    const answer = (status: number, body: unknown): Handled => ({ out: { status, headers: {}, body }, ctx });
    if (!this.hooks.roomRetrieveAuthorized(this.authorized(req))) {
      return answer(
        401,
        failBody(CODE_UNAUTHORIZED, 'Unauthorized', 'Authentication failed. Check app-id and Authorization.'),
      );
    }
    if (req.body.kind !== 'json') {
      const message = req.body.kind === 'invalid' ? req.body.message : 'The request body is required.';
      return answer(400, failBody(CODE_INVALID_FIELD, "hotel_id: Invalid HotelCode ('')", message));
    }
    const body = req.body.value as Record<string, unknown>;
    const issues = this.validator.requestBody(req.op.operationId, body).errors;
    if (issues.length > 0) {
      const first = issues[0]!;
      const field =
        first.path.replace(/^\/body\/?/, '') ||
        (first.keyword === 'required' ? String(/'([^']+)'/.exec(first.message)?.[1] ?? 'body') : 'body');
      const given = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
      return answer(
        400,
        failBody(
          CODE_INVALID_FIELD,
          `${field}: Invalid HotelCode ('${typeof given === 'string' ? given : ''}')`,
          `${field} ${first.message}.`,
        ),
      );
    }
    const hotel = this.hotels.get(String(body.channel_hotel_id));
    const units = this.hooks.hotelUnits(hotel && hotel.hotel_id === body.hotel_id ? hotel.units : undefined);
    if (!units) {
      const text = 'channel_hotel_id - is invalid or not found!';
      return answer(400, failBody(CODE_UNKNOWN_CHANNEL_HOTEL, text, text));
    }
    return answer(successStatus(req.op), { Status: 'Success', Data: units, Message: '', Ruid: ruid() });
  }
}
