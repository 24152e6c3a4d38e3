import { deref, listOperations, type OpenApiDocument } from '@roomkit/openapi';
import type { Secret } from '../http/curl.js';
import type { TargetAuth } from '../session.js';
import { apiKeyHeader, UsageError, wrongCredential, type FlagSpec } from '../suite.js';

export interface Hotel {
  hotelId: string;
  channelHotelId: string;
}

export interface RoomRetrieveTarget {
  api: 'room-retrieve';
  baseUrl: string;
  appId: string;
  /** Sent verbatim as the Authorization header (`Basic ...` or `Bearer ...`). */
  apiKey: string;
  hotels: Hotel[];
}

/** The security scheme whose header carries `--app-id` (its header name is read from the spec). */
const APP_ID_SCHEME = 'appId';

/**
 * The request body naming a hotel: the retrieve request's two required fields, in the order the
 * spec lists them (`hotel_id`, `channel_hotel_id`), as `--hotel <first>:<second>` gives them.
 */
export function hotelBody(doc: OpenApiDocument, hotel: Hotel): Record<string, string> {
  const [operation] = listOperations(doc);
  const body = operation?.requestBody;
  const schema =
    body?.schema === undefined || body.schemaPointer === undefined
      ? {}
      : deref<{ required?: string[] }>(doc, body.schema, body.schemaPointer).value;
  const [first, second] = schema.required ?? [];
  if (first === undefined || second === undefined)
    throw new Error('the retrieve request schema names no two required fields');
  return { [first]: hotel.hotelId, [second]: hotel.channelHotelId };
}

function hotel(value: string, previous: Hotel[] = []): Hotel[] {
  const match = /^([^:]+):(.+)$/.exec(value);
  if (match === null)
    throw new UsageError(`--hotel must be <hotel_id>:<channel_hotel_id> (both non-empty), got "${value}".`);
  return [...previous, { hotelId: match[1]!, channelHotelId: match[2]! }];
}

export const roomRetrieveFlags: FlagSpec[] = [
  { flags: '--app-id <id>', description: 'room-retrieve: app-id header', env: 'ROOMKIT_APP_ID', secret: true },
  {
    flags: '--api-key <value>',
    description: 'room-retrieve: sent verbatim as the Authorization header',
    env: 'ROOMKIT_API_KEY',
    secret: true,
  },
  {
    flags: '--hotel <hotel_id:channel_hotel_id>',
    description: 'room-retrieve: a hotel the target knows (repeatable)',
    parse: hotel,
    format: (hotels: Hotel[]) => hotels.map((h) => `${h.hotelId}:${h.channelHotelId}`),
    field: 'hotels',
  },
];

export function roomRetrieveTarget(options: Record<string, unknown>, baseUrl: string): RoomRetrieveTarget {
  const { appId, apiKey, hotel: hotels } = options as { appId?: string; apiKey?: string; hotel?: Hotel[] };
  if (appId === undefined) throw new UsageError('verify room-retrieve needs --app-id <id> (or ROOMKIT_APP_ID).');
  if (apiKey === undefined)
    throw new UsageError('verify room-retrieve needs --api-key <Authorization value> (or ROOMKIT_API_KEY).');
  if (hotels === undefined || hotels.length === 0)
    throw new UsageError('verify room-retrieve needs at least one --hotel <hotel_id>:<channel_hotel_id>.');
  return { api: 'room-retrieve', baseUrl, appId, apiKey, hotels };
}

export function roomRetrieveAuth(target: RoomRetrieveTarget, doc: OpenApiDocument): TargetAuth {
  const appId = apiKeyHeader(doc, APP_ID_SCHEME);
  return {
    primary: { [appId]: target.appId, authorization: target.apiKey },
    invalid: { [appId]: target.appId, authorization: wrongCredential(target.apiKey) },
  };
}

export function roomRetrieveSecrets(target: RoomRetrieveTarget): Secret[] {
  return [
    { value: target.apiKey, env: 'ROOMKIT_API_KEY' },
    { value: target.appId, env: 'ROOMKIT_APP_ID' },
  ];
}
