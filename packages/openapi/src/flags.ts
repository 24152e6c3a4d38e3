/**
 * A repeatable command-line flag of comma-separated names (`--fault a,b --fault c`): each use adds
 * its names to the ones before, blanks dropped. The CLIs (verify, the sandbox) read such flags alike.
 */
export function commaSeparated(value: string, previous: readonly string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}
