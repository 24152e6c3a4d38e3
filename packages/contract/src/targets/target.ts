import type { TargetTraits } from '../checks/types.js';
import type { Secret } from '../http/curl.js';
import type { Hotel } from '../room-retrieve/properties.js';
import type { TargetAuth } from '../session.js';

export type TargetKind = 'stateful' | 'stateless';

export interface HospitalityTarget {
  api: 'hospitality';
  baseUrl: string;
  token: string;
  organizationId: string;
  secondToken?: string;
  secondOrganizationId?: string;
}

export interface RoomRetrieveTarget {
  api: 'room-retrieve';
  baseUrl: string;
  appId: string;
  /** Sent verbatim as the Authorization header (`Basic ...` or `Bearer ...`). */
  apiKey: string;
  hotels: Hotel[];
}

export type Target = HospitalityTarget | RoomRetrieveTarget;

/**
 * What a kind of target can do. A stateless mock (Prism) answers from the spec's examples:
 * it checks that credentials are present but cannot tell a wrong one, and remembers nothing.
 */
export function traitsOf(kind: TargetKind): TargetTraits {
  return kind === 'stateful'
    ? { stateful: true, validatesCredentials: true }
    : { stateful: false, validatesCredentials: false };
}

/** A well-formed credential of the same scheme that no server should accept. */
function wrongCredential(value: string): string {
  const [scheme] = value.split(' ');
  if (scheme?.toLowerCase() === 'basic')
    return `Basic ${Buffer.from('roomkit-invalid:roomkit-invalid').toString('base64')}`;
  return `${scheme && scheme !== value ? scheme : 'Bearer'} roomkit-invalid-credential`;
}

export function authOf(target: Target): TargetAuth {
  if (target.api === 'hospitality') {
    return {
      primary: { authorization: `Bearer ${target.token}` },
      ...(target.secondToken === undefined ? {} : { second: { authorization: `Bearer ${target.secondToken}` } }),
      invalid: { authorization: wrongCredential(`Bearer ${target.token}`) },
    };
  }
  return {
    primary: { 'app-id': target.appId, authorization: target.apiKey },
    invalid: { 'app-id': target.appId, authorization: wrongCredential(target.apiKey) },
  };
}

/** Credentials to keep out of reports; curl commands reference these environment variables instead. */
export function secretsOf(target: Target): Secret[] {
  if (target.api === 'hospitality') {
    return [
      { value: target.token, env: 'ROOMKIT_TOKEN' },
      ...(target.secondToken === undefined ? [] : [{ value: target.secondToken, env: 'ROOMKIT_SECOND_TOKEN' }]),
    ];
  }
  return [
    { value: target.apiKey, env: 'ROOMKIT_API_KEY' },
    { value: target.appId, env: 'ROOMKIT_APP_ID' },
  ];
}
