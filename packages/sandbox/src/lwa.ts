// POST /auth/o2/token: Login with Amazon's refresh_token grant, form-encoded, so a client's
// token refresh runs end to end against the sandbox. Not part of the hospitality spec (LWA
// lives on api.amazon.com), hence written by hand after LWA's documented answers.
import type { Outgoing } from './hooks.js';
import type { Credentials } from './credentials.js';
import { acceptsContentType, parseQuery } from './http-io.js';

const FORM = 'application/x-www-form-urlencoded';

function oauthError(status: number, error: string, description: string): Outgoing {
  return { status, headers: { 'Cache-Control': 'no-store' }, body: { error, error_description: description } };
}

export async function lwaToken(
  credentials: Credentials,
  contentType: string | undefined,
  raw: Buffer | undefined,
): Promise<Outgoing> {
  if (!acceptsContentType(contentType, [FORM])) {
    return oauthError(400, 'invalid_request', `Send the token request as ${FORM}.`);
  }
  const form = parseQuery(raw ? raw.toString('utf8') : '');
  const field = (name: string): string | undefined => {
    const v = form[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const grantType = field('grant_type');
  if (grantType !== 'refresh_token') {
    return oauthError(
      400,
      grantType ? 'unsupported_grant_type' : 'invalid_request',
      grantType
        ? `grant_type "${grantType}" is not supported here; use refresh_token.`
        : 'grant_type is required (refresh_token).',
    );
  }
  const missing = ['client_id', 'client_secret', 'refresh_token'].filter((n) => field(n) === undefined);
  if (missing.length > 0) return oauthError(400, 'invalid_request', `Missing form field(s): ${missing.join(', ')}.`);
  const result = await credentials.refresh(field('client_id')!, field('client_secret')!, field('refresh_token')!);
  if (!result.ok) return oauthError(result.status, result.error, result.description);
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store' },
    body: {
      access_token: result.accessToken,
      refresh_token: field('refresh_token'),
      token_type: 'bearer',
      expires_in: result.expiresIn,
    },
  };
}
