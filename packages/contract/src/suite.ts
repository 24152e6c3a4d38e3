import type { ApiName, OpenApiDocument } from '@roomkit/openapi';
import { runChecks } from './checks/registry.js';
import type { TargetKind, TargetTraits } from './checks/types.js';

export type { TargetKind };
import type { Secret } from './http/curl.js';
import type { Exchange } from './http/exchange.js';
import type { HttpTransport } from './http/transport.js';
import type { SpecView } from './openapi/view.js';
import type { PropertyDefinition } from './properties/property.js';
import type { Session, TargetAuth } from './session.js';

/** What every target has; each API's target adds its credentials and inputs. */
export interface BaseTarget {
  api: ApiName;
  baseUrl: string;
}

/**
 * What a kind of target can do. A stateless mock (Prism) answers from the spec's examples:
 * it checks that credentials are present but cannot tell a wrong one, and remembers nothing.
 */
export function traitsOf(kind: TargetKind): TargetTraits {
  return kind === 'stateful'
    ? { stateful: true, validatesCredentials: true }
    : { stateful: false, validatesCredentials: false };
}

/** A command-line flag an API adds to `roomkit verify` (and, when it is a credential, to `roomkit cleanup`). */
export interface FlagSpec {
  flags: string;
  description: string;
  /** The environment variable that can supply it instead. */
  env?: string;
  /** A credential: never echoed, redacted from every output, and warned about when typed. */
  secret?: boolean;
  // Method syntax: each flag's parse and format take that flag's own value type (checked bivariantly).
  parse?(value: string, previous: unknown): unknown;
  /** The parsed value back as command-line values (a repeatable flag gives several). */
  format?(value: unknown): string[];
  /** The target's field holding the value, when it is not the flag's own name. */
  field?: string;
}

/** Commander's name for a flag's value, which is also the target's field (`--second-token <x>` -> secondToken). */
export function flagName(flags: string): string {
  return flags
    .split(' ')[0]!
    .replace(/^--/, '')
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The flags that name the target (never its credentials), as a command line that makes it again. */
export function targetArguments(suite: Suite, target: BaseTarget): string[] {
  const args: string[] = [];
  for (const flag of suite.flags) {
    if (flag.secret === true) continue;
    const value = (target as unknown as Record<string, unknown>)[flag.field ?? flagName(flag.flags)];
    if (value === undefined) continue;
    const values = flag.format?.(value) ?? [String(value)];
    for (const v of values) args.push(flag.flags.split(' ')[0]!, v);
  }
  return args;
}

/** Non-secret values a reproduction takes from the environment, when a variable can supply them. */
export function placeholdersOf(suite: Suite, target: BaseTarget): Array<{ value: string; env: string }> {
  return suite.flags
    .filter((flag) => flag.secret !== true && flag.env !== undefined)
    .map((flag) => ({
      value: (target as unknown as Record<string, unknown>)[flag.field ?? flagName(flag.flags)],
      env: flag.env!,
    }))
    .filter((p): p is { value: string; env: string } => typeof p.value === 'string' && p.value !== '');
}

/**
 * Everything `verify` needs to know about one API, so that verify itself names none: its flags
 * and how they make a target, how to authenticate, which credentials to keep secret, which
 * parents the run may create under, how to check the flags against the target before anything
 * is written, and the properties to run.
 */
export interface Suite<T extends BaseTarget = BaseTarget> {
  readonly api: ApiName;
  readonly flags: readonly FlagSpec[];
  /** Builds the target from the parsed flags; throws UsageError naming a missing flag. */
  target(options: Record<string, unknown>, baseUrl: string): T;
  /** A target with placeholder values (empty credentials): what `roomkit cleanup` starts from. */
  placeholder(): T;
  /**
   * A made-up target that turns every property on (every credential part, two hotels), to list
   * the properties and the names they report without a run: the catalogue and the coverage.
   */
  catalogueTarget(): T;
  /**
   * Trades credentials for the ones requests carry, before anything else is sent (Room Retrieve's
   * client-id and client-secret for an access token), through the run's transport; verify calls it
   * first, so that auth() and secrets() see what the requests will carry. Throws CredentialsRejected.
   */
  exchangeCredentials?(target: T, transport: HttpTransport, doc: OpenApiDocument): Promise<T>;
  auth(target: T, doc: OpenApiDocument): TargetAuth;
  secrets(target: T): Secret[];
  /** Parents that are not resources of the spec (the organizations): creates may go under them. */
  roots(target: T): string[];
  hasSecondOrganization(target: T): boolean;
  /** One ordinary request per flag the target could refuse; throws CredentialsRejected when it does. */
  preflight(session: Session, target: T): Promise<void>;
  properties(session: Session, target: T): PropertyDefinition[];
}

/** A usage problem: names the flag and the rule it broke (exit code 2). */
export class UsageError extends Error {}

/** A well-formed credential of the same scheme that no server should accept. */
export function wrongCredential(value: string): string {
  const [scheme] = value.split(' ');
  if (scheme?.toLowerCase() === 'basic')
    return `Basic ${Buffer.from('roomkit-invalid:roomkit-invalid').toString('base64')}`;
  return `${scheme && scheme !== value ? scheme : 'Bearer'} roomkit-invalid-credential`;
}

/** The header an `apiKey` security scheme of the spec is sent in. */
export function apiKeyHeader(doc: OpenApiDocument, scheme: string): string {
  const found = (
    doc.components?.securitySchemes as Record<string, { type?: string; in?: string; name?: string }> | undefined
  )?.[scheme];
  if (found?.type !== 'apiKey' || found.in !== 'header' || found.name === undefined) {
    throw new Error(`the spec has no apiKey security scheme "${scheme}" sent in a header`);
  }
  return found.name.toLowerCase();
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

/**
 * HTTP's own "no such resource" (RFC 9110 15.5.5): a wrong base path gets it from whatever
 * answers there, whatever the spec documents for the operation.
 */
const NOT_FOUND = 404;
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
  // A page (HTML, text) where JSON is documented; a body that claims JSON but does not parse is the target's fault.
  const page =
    response.status < 300 &&
    response.json === undefined &&
    !/json/i.test(response.headers['content-type'] ?? '') &&
    operation.responses[String(response.status)]?.contentTypes.some((t) => /json/i.test(t)) === true;
  let wrong = misshapen && (response.status === NOT_FOUND || page);
  if (!wrong && response.status === NOT_FOUND && confirm !== undefined)
    wrong = (await confirm()).response?.status === NOT_FOUND;
  if (wrong) {
    const path = new URL(probe.request.url).pathname;
    throw new CredentialsRejected(
      `${baseUrl} has no operation at ${path} (${response.status}): --base-url must be the server URL to which the spec's paths (${operation.path}) are appended; check its path part. (The answer, ${response.headers['content-type'] ?? 'without a content type'}, is not the spec's answer for ${operationId}.)`,
    );
  }
}
