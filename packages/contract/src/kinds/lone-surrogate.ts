// The `lone-surrogate` rule kind: a string with a lone UTF-16 surrogate (which JSON can escape and
// no UTF-8 text can hold) is refused with the rule's status, or stored and read back exactly as
// sent. The string it sends and pure verdicts on the answer and on the read-back. The
// lone-surrogate property (properties/protocol.ts) sends it.

/** A lone high surrogate: a JSON string may escape it (`\uD800`), no UTF-8 text can hold it. */
export const LONE_SURROGATE = String.fromCharCode(0xd800);

/** A text value with a lone surrogate at its end. */
export function withLoneSurrogate(text: string): string {
  return `${text}${LONE_SURROGATE}`;
}

/**
 * The verdict on the answer to a write carrying a lone surrogate: `refused-otherwise` (neither the
 * rule's status nor a documented success), `taken` (a success: the read-back decides), or undefined
 * (refused as the rule says, no answer, or a 5xx: the checks').
 */
export function surrogateAnswer(
  expected: number,
  successStatuses: readonly number[],
  status: number | undefined,
): 'refused-otherwise' | 'taken' | undefined {
  if (status === undefined || status === expected || status >= 500) return undefined;
  return successStatuses.includes(status) ? 'taken' : 'refused-otherwise';
}

/** Whether a value read back after a taken write keeps the string exactly as sent. */
export function keptExactly(sent: string, read: unknown): boolean {
  return read === sent;
}
