import { readPath } from '@roomkit/http-runtime';
import { deref, listOperations, tokenEndpoint, type OpenApiDocument } from '@roomkit/openapi';
import type { Secret } from '../http/curl.js';
import type { HttpTransport } from '../http/transport.js';
import type { TargetAuth } from '../session.js';
import {
  apiKeyHeader,
  CredentialsRejected,
  TargetUnreachable,
  UsageError,
  wrongCredential,
  type FlagSpec,
} from '../suite.js';

export interface Hotel {
  hotelId: string;
  channelHotelId: string;
}

export interface RoomRetrieveTarget {
  api: 'room-retrieve';
  baseUrl: string;
  appId: string;
  /**
   * Sent verbatim as the Authorization header (`Basic ...` or `Bearer ...`). With `tokenClient`,
   * the `Bearer` access token that verify fetches before the run ('' until then).
   */
  apiKey: string;
  /** The token-based scheme: client credentials for the spec's token endpoint (`--client-id`, `--client-secret`). */
  tokenClient?: { clientId: string; clientSecret: string };
  /** The access token fetched with `tokenClient`. */
  accessToken?: string;
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
    flags: '--client-id <id>',
    description: "room-retrieve, token-based scheme: client-id for the spec's token endpoint (instead of --api-key)",
    env: 'ROOMKIT_CLIENT_ID',
    secret: true,
  },
  {
    flags: '--client-secret <secret>',
    description: 'room-retrieve, token-based scheme: client-secret for the token endpoint (with --client-id)',
    env: 'ROOMKIT_CLIENT_SECRET',
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
  const {
    appId,
    apiKey,
    clientId,
    clientSecret,
    hotel: hotels,
  } = options as { appId?: string; apiKey?: string; clientId?: string; clientSecret?: string; hotel?: Hotel[] };
  if (appId === undefined) throw new UsageError('verify room-retrieve needs --app-id <id> (or ROOMKIT_APP_ID).');
  const byToken = clientId !== undefined || clientSecret !== undefined;
  if (byToken && (clientId === undefined || clientSecret === undefined))
    throw new UsageError(
      '--client-id and --client-secret go together (or ROOMKIT_CLIENT_ID and ROOMKIT_CLIENT_SECRET): the token endpoint needs both.',
    );
  if (byToken && apiKey !== undefined)
    throw new UsageError(
      'verify room-retrieve takes one scheme: --api-key <Authorization value> (or ROOMKIT_API_KEY), or --client-id with --client-secret (the token-based scheme), not both.',
    );
  if (!byToken && apiKey === undefined)
    throw new UsageError(
      'verify room-retrieve needs --api-key <Authorization value> (or ROOMKIT_API_KEY), or --client-id <id> with --client-secret <secret> (ROOMKIT_CLIENT_ID, ROOMKIT_CLIENT_SECRET) to fetch an access token.',
    );
  if (hotels === undefined || hotels.length === 0)
    throw new UsageError('verify room-retrieve needs at least one --hotel <hotel_id>:<channel_hotel_id>.');
  return {
    api: 'room-retrieve',
    baseUrl,
    appId,
    apiKey: apiKey ?? '',
    ...(byToken ? { tokenClient: { clientId: clientId!, clientSecret: clientSecret! } } : {}),
    hotels,
  };
}

/** The vendor's message in a token endpoint answer, short enough for one line. */
function messageOf(json: unknown): string {
  const message = readPath(json, ['message']);
  return typeof message === 'string' && message !== '' ? `: ${message.slice(0, 200)}` : '';
}

/**
 * The token-based scheme: trades `--client-id` and `--client-secret` for an access token at the
 * spec's token endpoint (x-roomkit-token-endpoint), through the run's transport. A refusal is a
 * wrong flag, not a contract fault (exit code 2). The token is used for the whole run; a run longer
 * than its `expire_in` would meet 401s.
 */
export async function roomRetrieveAccessToken(
  target: RoomRetrieveTarget,
  transport: HttpTransport,
  doc: OpenApiDocument,
): Promise<RoomRetrieveTarget> {
  if (target.tokenClient === undefined) return target;
  const endpoint = tokenEndpoint(doc);
  if (endpoint === undefined) throw new Error('the Room Retrieve spec describes no token endpoint');
  const exchange = await transport.send({
    method: endpoint.method.toUpperCase(),
    path: endpoint.path,
    headers: {
      [endpoint.headers.clientId]: target.tokenClient.clientId,
      [endpoint.headers.clientSecret]: target.tokenClient.clientSecret,
    },
  });
  const response = exchange.response;
  if (response === undefined) throw new TargetUnreachable(target.baseUrl, exchange.error ?? 'no response');
  const where = `${exchange.request.method} ${new URL(exchange.request.url).pathname}`;
  // eslint-disable-next-line no-restricted-syntax -- HTTP's "no such resource" (RFC 9110 15.5.5): nothing answers at the token endpoint's address.
  if (response.status === 404)
    throw new CredentialsRejected(
      `${target.baseUrl} has no token endpoint at ${where} (404): --base-url must be the server URL to which the spec's paths (${endpoint.path}) are appended.`,
    );
  if (response.status < 200 || response.status >= 300)
    throw new CredentialsRejected(
      `${target.baseUrl} gave no access token for --client-id / --client-secret (${response.status} on ${where}${messageOf(response.json)}). Check the values (from the flags or ROOMKIT_CLIENT_ID and ROOMKIT_CLIENT_SECRET): the sandbox and production secrets differ.`,
    );
  const token = readPath(response.json, endpoint.success.token);
  if (typeof token !== 'string' || token === '')
    throw new CredentialsRejected(
      `${target.baseUrl} answered ${response.status} on ${where} without an access token at ${endpoint.success.token.join('.')}${messageOf(response.json)}.`,
    );
  return { ...target, apiKey: `Bearer ${token}`, accessToken: token };
}

export function roomRetrieveAuth(target: RoomRetrieveTarget, doc: OpenApiDocument): TargetAuth {
  const appId = apiKeyHeader(doc, APP_ID_SCHEME);
  return {
    primary: { [appId]: target.appId, authorization: target.apiKey },
    invalid: { [appId]: target.appId, authorization: wrongCredential(target.apiKey) },
  };
}

export function roomRetrieveSecrets(target: RoomRetrieveTarget): Secret[] {
  // A fetched token is shown as `Bearer ${ROOMKIT_ACCESS_TOKEN}`: a replay exports the token, not a header.
  const credential =
    target.tokenClient === undefined
      ? [{ value: target.apiKey, env: 'ROOMKIT_API_KEY' }]
      : [
          ...(target.accessToken === undefined ? [] : [{ value: target.accessToken, env: 'ROOMKIT_ACCESS_TOKEN' }]),
          { value: target.tokenClient.clientSecret, env: 'ROOMKIT_CLIENT_SECRET' },
          { value: target.tokenClient.clientId, env: 'ROOMKIT_CLIENT_ID' },
        ];
  return [...credential, { value: target.appId, env: 'ROOMKIT_APP_ID' }];
}
