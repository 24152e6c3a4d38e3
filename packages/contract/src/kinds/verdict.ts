// What the kinds whose rule refuses a request with a stated status share: the verdict on the status
// that answered it. No answer, and a 5xx, are left to the checks that judge every answer.

/** A rule broken by the answer to a request it refuses: let in, or refused with another status. */
export interface RefusalVerdict {
  readonly verdict: 'accepted' | 'wrong-status';
  /** The status (or statuses, `or`-joined) the rule refuses the request with. */
  readonly expected: string;
}

/**
 * The verdict on `status` answering a request the rule refuses with one of `expected`: `accepted`
 * when it succeeded, `wrong-status` when it was refused otherwise, undefined when refused as the
 * rule says (or no answer came, or a 5xx).
 */
export function refusalVerdict(expected: readonly number[], status: number | undefined): RefusalVerdict | undefined {
  if (status === undefined || status >= 500 || expected.includes(status)) return undefined;
  return { verdict: status >= 200 && status < 300 ? 'accepted' : 'wrong-status', expected: expected.join(' or ') };
}
