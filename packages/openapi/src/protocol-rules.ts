// Rule kinds about what HTTP itself leaves to the server: requests the spec does not document (an
// undocumented method on a documented path, an undocumented path under the base path) and bodies
// at the edges (the size limit, a missing Content-Type, a lone UTF-16 surrogate). OpenAPI cannot
// state them, so each is an entry of `x-roomkit-rules`; statuses and the error schema are the
// spec's, never the code's.

/** An undocumented method on a documented path answers `status`, with `header` listing at least the documented methods. */
export interface UndocumentedMethodRule {
  name: string;
  kind: 'undocumented-method';
  status: number;
  /** The header that lists the path's methods (Allow). */
  header: string;
  /** The component schema (`#/components/schemas/<schema>`) the answer's body has, when it has one. */
  schema?: string;
  description: string;
}

/** A path under the API's base path that the spec does not document answers `status` in the error shape `schema`. */
export interface UndocumentedPathRule {
  name: string;
  kind: 'undocumented-path';
  status: number;
  schema?: string;
  description: string;
}

/**
 * A body of exactly `x-roomkit-request-body.maxBytes` is taken, one byte more answers its
 * `tooLarge.status`; probed on `operations` (requests that can change only what the run created).
 */
export interface BodySizeLimitRule {
  name: string;
  kind: 'body-size-limit';
  operations: string[];
  description: string;
}

/** A body without Content-Type is refused with `status` on `operations`. */
export interface ContentTypeRequiredRule {
  name: string;
  kind: 'content-type-required';
  operations: string[];
  status: number;
  description: string;
}

/** A string with a lone UTF-16 surrogate is refused with `status`, or stored and read back exactly as sent. */
export interface LoneSurrogateRule {
  name: string;
  kind: 'lone-surrogate';
  operations: string[];
  status: number;
  description: string;
}

/** A body that is not valid JSON is refused with `x-roomkit-request-body.malformed.status` on `operations`. */
export interface MalformedBodyRule {
  name: string;
  kind: 'malformed-body';
  operations: string[];
  description: string;
}

export type ProtocolRule =
  | UndocumentedMethodRule
  | UndocumentedPathRule
  | BodySizeLimitRule
  | ContentTypeRequiredRule
  | LoneSurrogateRule
  | MalformedBodyRule;

export const protocolRuleKinds: readonly ProtocolRule['kind'][] = [
  'undocumented-method',
  'undocumented-path',
  'body-size-limit',
  'content-type-required',
  'lone-surrogate',
  'malformed-body',
];
