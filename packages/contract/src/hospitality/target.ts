import type { Secret } from '../http/curl.js';
import type { TargetAuth } from '../session.js';
import { UsageError, wrongCredential, type FlagSpec } from '../suite.js';

export interface HospitalityTarget {
  api: 'hospitality';
  baseUrl: string;
  token: string;
  organizationId: string;
  secondToken?: string;
  secondOrganizationId?: string;
}

export const hospitalityFlags: FlagSpec[] = [
  {
    flags: '--token <bearer>',
    description: 'hospitality: bearer token of the organization',
    env: 'ROOMKIT_TOKEN',
    secret: true,
  },
  {
    flags: '--organization-id <id>',
    description: 'hospitality: the organization the token belongs to',
    env: 'ROOMKIT_ORGANIZATION_ID',
  },
  {
    flags: '--second-token <bearer>',
    description: "hospitality: a second organization's token (tenancy checks)",
    env: 'ROOMKIT_SECOND_TOKEN',
    secret: true,
  },
  {
    flags: '--second-organization-id <id>',
    description: 'hospitality: the second organization',
    env: 'ROOMKIT_SECOND_ORGANIZATION_ID',
  },
];

export function hospitalityTarget(options: Record<string, unknown>, baseUrl: string): HospitalityTarget {
  const { token, organizationId, secondToken, secondOrganizationId } = options as Record<string, string | undefined>;
  if (token === undefined) throw new UsageError('verify hospitality needs --token <bearer> (or ROOMKIT_TOKEN).');
  if (organizationId === undefined)
    throw new UsageError('verify hospitality needs --organization-id <id> (or ROOMKIT_ORGANIZATION_ID).');
  if ((secondToken === undefined) !== (secondOrganizationId === undefined)) {
    throw new UsageError(
      '--second-token and --second-organization-id go together (or ROOMKIT_SECOND_TOKEN and ROOMKIT_SECOND_ORGANIZATION_ID): give both to check tenancy, or neither.',
    );
  }
  return {
    api: 'hospitality',
    baseUrl,
    token,
    organizationId,
    ...(secondToken === undefined ? {} : { secondToken, secondOrganizationId: secondOrganizationId! }),
  };
}

/** The spec's LWA scheme is OAuth 2: every request carries `Authorization: Bearer <access token>`. */
export function hospitalityAuth(target: HospitalityTarget): TargetAuth {
  return {
    primary: { authorization: `Bearer ${target.token}` },
    ...(target.secondToken === undefined ? {} : { second: { authorization: `Bearer ${target.secondToken}` } }),
    invalid: { authorization: wrongCredential(`Bearer ${target.token}`) },
  };
}

export function hospitalitySecrets(target: HospitalityTarget): Secret[] {
  return [
    { value: target.token, env: 'ROOMKIT_TOKEN' },
    ...(target.secondToken === undefined ? [] : [{ value: target.secondToken, env: 'ROOMKIT_SECOND_TOKEN' }]),
  ];
}
