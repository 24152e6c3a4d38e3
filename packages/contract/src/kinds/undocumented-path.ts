// The `undocumented-path` rule kind: a path under the API's base path that the spec does not
// document answers the rule's status (404), in the rule's schema where it names one. The base path
// (the literal segments every documented path shares) and the probe's path. The undocumented-path
// property (properties/protocol.ts) sends it; the answer's status is compared with the rule's.

/** The leading literal segments every documented path shares (`/enterprise/hospitality/v1`). */
export function basePathOf(paths: readonly string[]): string {
  const split = paths.map((p) => p.split('/').slice(1));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length - 1 && !first[n]!.includes('{') && split.every((s) => s[n] === first[n])) n += 1;
  return `/${first.slice(0, n).join('/')}`;
}

/** A path no vendor serves under the base path: a name of the run's own (recognisable in a vendor's logs). */
export function probePath(base: string, name: string): string {
  return `${base === '/' ? '' : base}/${name}`;
}
