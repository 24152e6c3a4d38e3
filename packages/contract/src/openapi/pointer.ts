import { pointerSegment } from '@roomkit/openapi';

/** A URI-fragment JSON pointer (`#/paths/~1a~1b/post`) from reference tokens. */
export function specPointer(...tokens: Array<string | number>): string {
  return `#/${tokens.map((t) => pointerSegment(String(t))).join('/')}`;
}

export function operationPointer(path: string, method: string, ...more: Array<string | number>): string {
  return specPointer('paths', path, method.toLowerCase(), ...more);
}
