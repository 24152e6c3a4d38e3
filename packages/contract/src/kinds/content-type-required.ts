// The `content-type-required` rule kind: a write whose valid JSON body comes without Content-Type,
// or under a media type the operation does not document, is refused with the rule's status (a JSON
// API that reads its body under text/plain can be written to by any web page its users visit). Its
// probes (read from the operation's documented media types) and the spoiled request. The
// content-type-required property (properties/protocol.ts) sends them; `spoiledBodyTaken` judges.
import type { OperationInfo } from '@roomkit/openapi';

/**
 * The media types a browser sends across origins without asking first (the CORS-safelisted
 * Content-Types, Fetch standard).
 */
export const CORS_SAFELISTED_MEDIA_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
] as const;

/** No Content-Type (null), or each safelisted media type the operation does not document, for the same valid JSON body. */
export function contentTypeProbes(operation: OperationInfo): (string | null)[] {
  const documented = new Set((operation.requestBody?.contentTypes ?? []).map((t) => t.toLowerCase()));
  return [null, ...CORS_SAFELISTED_MEDIA_TYPES.filter((t) => !documented.has(t))];
}

/** The valid body as a probe sends it: as JSON without a Content-Type, or as raw text under `mediaType`. */
export function withMediaType(
  body: Record<string, unknown>,
  mediaType: string | null,
): { json: Record<string, unknown>; withoutContentType: true } | { rawBody: string; headers: Record<string, string> } {
  return mediaType === null
    ? { json: body, withoutContentType: true }
    : { rawBody: JSON.stringify(body), headers: { 'content-type': mediaType } };
}
