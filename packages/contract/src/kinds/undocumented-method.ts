// The `undocumented-method` rule kind (RFC 9110 15.5.6): a method the spec does not document on a
// documented path answers the rule's status (405) with the rule's header (Allow) listing the
// methods the path documents, and never the one it refused. Its rule read from the spec, the
// probes that can change nothing (a GET where the path documents no GET), and a pure verdict on
// the answer's status and header. The undocumented-method property (properties/protocol.ts) sends them.
import { rulesOfKind, type OpenApiDocument, type OperationInfo, type UndocumentedMethodRule } from '@roomkit/openapi';

/** The spec's `undocumented-method` rules. */
export function undocumentedMethodRules(doc: OpenApiDocument): UndocumentedMethodRule[] {
  return rulesOfKind(doc, 'undocumented-method');
}

/** A method the spec documents on no documented path of `operations` that cannot change data: GET where GET is undocumented. */
export function undocumentedMethodProbes(
  operations: readonly OperationInfo[],
): { path: string; method: string; documented: string[] }[] {
  const byPath = new Map<string, string[]>();
  for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op.method.toUpperCase()]);
  return [...byPath.entries()]
    .filter(([path, methods]) => !path.includes('{') && !methods.includes('GET'))
    .map(([path, documented]) => ({ path, method: 'GET', documented }));
}

/**
 * What breaks the rule in the answer to an undocumented `method` on a path that documents
 * `documented`: another status (`status`), or the rule's status with the header missing, leaving
 * out a documented method, or listing the refused one (`header`); undefined when it keeps it (the
 * body's shape is the rule's schema's to judge).
 */
export function allowVerdict(
  rule: UndocumentedMethodRule,
  answer: { status: number; header: string | undefined },
  method: string,
  documented: readonly string[],
): { kind: 'status' } | { kind: 'header'; problem: string } | undefined {
  if (answer.status !== rule.status) return { kind: 'status' };
  const allow = answer.header;
  if (allow === undefined) return { kind: 'header', problem: `without ${rule.header}` };
  const listed = allow
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter((m) => m !== '');
  const missing = documented.filter((m) => !listed.includes(m));
  if (missing.length > 0)
    return { kind: 'header', problem: `with ${rule.header}: ${allow}, which leaves out ${missing.join(', ')}` };
  if (listed.includes(method))
    return { kind: 'header', problem: `with ${rule.header}: ${allow}, which lists the method it refused` };
  return undefined;
}
