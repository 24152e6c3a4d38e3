// The `body-size-limit` rule kind: a body of exactly x-roomkit-request-body.maxBytes is taken, and
// one byte more is refused with the documented tooLarge status, whether it declares its length or
// comes in chunks. Its probes (from the spec's policy) and a pure verdict on an answer. The
// body-size-limit property (properties/protocol.ts) sends them through each operation the rule names.
import type { RequestBodyPolicy } from '@roomkit/openapi';

/** A probe: the body's size, and whether it goes in chunks without Content-Length. */
export interface SizedBody {
  bytes: number;
  chunked: boolean;
}

/** The body serialised and padded with JSON whitespace (before its closing brace) to exactly `bytes` bytes. */
export function paddedJson(body: Record<string, unknown>, bytes: number): string {
  const text = JSON.stringify(body);
  const size = new TextEncoder().encode(text).length;
  if (size > bytes) throw new Error(`a body of ${size} bytes cannot be padded to ${bytes}`);
  return `${text.slice(0, -1)}${' '.repeat(bytes - size)}}`;
}

/** RFC 9110 15.5.12: the server refuses a body without a declared length (HTTP's own, whatever the spec documents). */
const LENGTH_REQUIRED = 411;

/**
 * The probes: a body at the limit, one byte over with Content-Length, and one byte over in chunks
 * (a server that checks only the declared length reads a streamed body of any size). A body at
 * the limit is not sent in chunks: a server may refuse any body without Content-Length (RFC 9112 6.3).
 */
export function sizedBodies(policy: Pick<RequestBodyPolicy, 'maxBytes'>): SizedBody[] {
  return [
    { bytes: policy.maxBytes, chunked: false },
    { bytes: policy.maxBytes + 1, chunked: false },
    { bytes: policy.maxBytes + 1, chunked: true },
  ];
}

/** A chunked probe refused with 411: the server wants a declared length, which RFC 9112 allows; no verdict. */
export function refusedForNoLength(probe: SizedBody, status: number): boolean {
  return probe.chunked && status === LENGTH_REQUIRED;
}

/**
 * The statuses the answer to a probe should have had, when it had another: the documented success
 * at the limit, the tooLarge status over it. Undefined when the answer keeps the rule, and for a
 * 5xx at the limit (the checks' to judge). (A chunked probe refused with 411: `refusedForNoLength`.)
 */
export function sizeVerdict(
  policy: Pick<RequestBodyPolicy, 'maxBytes' | 'tooLarge'>,
  successStatuses: readonly number[],
  probe: SizedBody,
  status: number,
): number[] | undefined {
  const over = probe.bytes > policy.maxBytes;
  const expected = over ? [policy.tooLarge.status] : [...successStatuses];
  if (expected.includes(status) || (!over && status >= 500)) return undefined;
  return expected;
}
