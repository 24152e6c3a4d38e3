// What the body kinds that refuse a spoiled body share (`content-type-required`, `malformed-body`):
// the verdict on the answer to the run's own valid request with its body spoiled, which is the
// refusal verdict every refusing kind asks (verdict.ts).
import { refusalVerdict } from './verdict.js';

/** Whether the answer to a spoiled body breaks a rule that refuses it with `status`: any other answer but a 5xx (the checks') or none. */
export function spoiledBodyTaken(expected: number, status: number | undefined): boolean {
  return refusalVerdict([expected], status) !== undefined;
}
