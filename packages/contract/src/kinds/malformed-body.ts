// The `malformed-body` rule kind: a body that is not JSON is refused with
// x-roomkit-request-body.malformed.status. The malformed body (the run's own valid one, cut short
// by its closing brace); `spoiledBodyTaken` judges the answer. The malformed-body property
// (properties/protocol.ts) sends it.

/** The valid body as JSON text cut short by its closing brace: not JSON, and nothing else wrong. */
export function cutShort(body: Record<string, unknown>): string {
  return JSON.stringify(body).slice(0, -1);
}
