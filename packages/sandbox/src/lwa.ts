// POST /auth/o2/token: Login with Amazon's refresh_token grant, form-encoded, so a client's
// token refresh runs end to end against the sandbox. Not part of the hospitality spec (LWA
// lives on api.amazon.com), hence written by hand after LWA's documented answers.
import type { Outgoing } from './hooks.js';
import type { Credentials } from './credentials.js';
import { acceptsContentType, parseQuery } from './http-io.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * The status of each answer of an OAuth 2.0 token endpoint (RFC 6749 5.1 and 5.2): the LWA token
 * endpoint is OAuth's, described by no spec of this repository, so its statuses are the RFC's.
 */
const OAUTH_STATUS = {
  issued: 200,
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
} as const;

type OAuthError = Exclude<keyof typeof OAUTH_STATUS, 'issued'>;

function oauthError(error: OAuthError, description: string): Outgoing {
  return {
    status: OAUTH_STATUS[error],
    headers: { 'Cache-Control': 'no-store' },
    body: { error, error_description: description },
  };
}

export async function lwaToken(
  credentials: Credentials,
  contentType: string | undefined,
  raw: Buffer | undefined,
): Promise<Outgoing> {
  if (!acceptsContentType(contentType, [FORM])) {
    return oauthError('invalid_request', `Send the token request as ${FORM}.`);
  }
  const form = parseQuery(raw ? raw.toString('utf8') : '');
  const field = (name: string): string | undefined => {
    const v = form[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const grantType = field('grant_type');
  if (grantType !== 'refresh_token') {
    return oauthError(
      grantType ? 'unsupported_grant_type' : 'invalid_request',
      grantType
        ? `grant_type "${grantType}" is not supported here; use refresh_token.`
        : 'grant_type is required (refresh_token).',
    );
  }
  const missing = ['client_id', 'client_secret', 'refresh_token'].filter((n) => field(n) === undefined);
  if (missing.length > 0) return oauthError('invalid_request', `Missing form field(s): ${missing.join(', ')}.`);
  const result = await credentials.refresh(field('client_id')!, field('client_secret')!, field('refresh_token')!);
  if (!result.ok) return oauthError(result.error, result.description);
  return {
    status: OAUTH_STATUS.issued,
    headers: { 'Cache-Control': 'no-store' },
    body: {
      access_token: result.accessToken,
      refresh_token: field('refresh_token'),
      token_type: 'bearer',
      expires_in: result.expiresIn,
    },
  };
}
