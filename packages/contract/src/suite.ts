import type { ApiName } from '@roomkit/openapi';
import { runChecks } from './checks/registry.js';
import type { Secret } from './http/curl.js';
import type { Exchange } from './http/exchange.js';
import type { SpecView } from './openapi/view.js';
import type { PropertyDefinition } from './properties/property.js';
import type { Session, TargetAuth } from './session.js';
import type { Target } from './targets/target.js';

/**
 * Everything `verify` needs to know about one API, so that verify itself names none: how to
 * authenticate, which credentials to keep secret, which parents the run may create under, how to
 * check the flags against the target before anything is written, and the properties to run.
 */
export interface Suite<T extends Target = Target> {
  readonly api: ApiName;
  auth(target: T): TargetAuth;
  secrets(target: T): Secret[];
  /** Parents that are not resources of the spec (the organizations): creates may go under them. */
  roots(target: T): string[];
  hasSecondOrganization(target: T): boolean;
  /** One ordinary request per flag the target could refuse; throws CredentialsRejected when it does. */
  preflight(session: Session, target: T): Promise<void>;
  properties(session: Session, target: T): PropertyDefinition<any>[];
}

/** The target answered, but refused the credentials or inputs on the command line: exit code 2. */
export class CredentialsRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsRejected';
  }
}

/** The target did not answer at all: a usage problem (wrong URL, nothing listening), exit code 2. */
export class TargetUnreachable extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${baseUrl}: ${reason}. Check --base-url and that the server is running.`);
    this.name = 'TargetUnreachable';
  }
}

const SHAPE_CHECKS = new Set(['status_code_conformance', 'content_type_conformance', 'response_schema_conformance']);

/**
 * A wrong `--base-url` path (`http://host/api` when the spec's paths start at the host) shows on
 * the first ordinary request: a 404, or a non-JSON page, that is not in the operation's
 * documented shape. Where the operation documents a 404 of its own (an empty list), `confirm`
 * sends a request that an existing route never answers with 404 (one missing a required
 * parameter): a 404 there too means there is no such route. Almost always a flag, not a vendor
 * fault: say so before every check fails the same way.
 */
export async function assertBasePath(
  spec: SpecView,
  probe: Exchange,
  operationId: string,
  baseUrl: string,
  confirm?: () => Promise<Exchange>,
): Promise<void> {
  const response = probe.response;
  if (response === undefined) return;
  const operation = spec.operation(operationId);
  const misshapen =
    runChecks(
      { exchange: probe, operation, intent: 'state', spec, target: { stateful: true, validatesCredentials: true } },
      (name) => SHAPE_CHECKS.has(name),
    ).length > 0;
  const page =
    response.status < 300 &&
    response.json === undefined &&
    operation.responses[String(response.status)]?.contentTypes.some((t) => /json/i.test(t)) === true;
  let wrong = misshapen && (response.status === 404 || page);
  if (!wrong && response.status === 404 && confirm !== undefined) wrong = (await confirm()).response?.status === 404;
  if (wrong) {
    const path = new URL(probe.request.url).pathname;
    throw new CredentialsRejected(
      `${baseUrl} has no operation at ${path} (${response.status}): --base-url must be the server URL to which the spec's paths (${operation.path}) are appended; check its path part. (The answer, ${response.headers['content-type'] ?? 'without a content type'}, is not the spec's answer for ${operationId}.)`,
    );
  }
}
