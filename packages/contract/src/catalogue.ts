// What a report can name for an API, as `roomkit list-checks` and the coverage table show it: the
// checks of the registry, the rules of the spec, and the API's properties (listed against a session
// that never sends anything).
import { rules, type ApiName } from '@roomkit/openapi';
import { checks } from './checks/registry.js';
import { kindOf, type KindJudge } from './kinds/index.js';
import { RequestBudget } from './http/budget.js';
import { HttpTransport } from './http/transport.js';
import { openSpec } from './openapi/open.js';
import type { SpecView } from './openapi/view.js';
import { ResourceLedger } from './safety/ledger.js';
import { Session } from './session.js';
import { traitsOf } from './suite.js';
import { suiteFor } from './suites.js';

export interface CatalogueEntry {
  name: string;
  description: string;
  /** For a property: the checks and rules it reports. */
  reports?: readonly string[];
  /** For a rule: the checks of the registry that judge its promise (their violations break it). */
  judgedBy?: readonly string[];
  /** For a rule the spec marks untestable: why no property can test it. */
  untestable?: string;
  /** For a rule: its kind, and how and where that kind is judged (the kinds registry). */
  kind?: { name: string; judge: KindJudge; judgedIn?: string };
}

/** What a report can name, grouped as the report groups it: checks, rules and properties. */
export interface Catalogue {
  checks: CatalogueEntry[];
  /** Every rule the spec declares (but a rule named like a check), in the spec's order. */
  rules: CatalogueEntry[];
  properties: CatalogueEntry[];
}

/** The checks of the registry, the rules of the spec, and the API's properties. */
export function catalogue(api: ApiName): Catalogue {
  const spec = openSpec(api);
  const properties = listProperties(spec, api);
  const checkNames = new Set(checks.map((c) => c.name));
  return {
    checks: checks.map((c) => ({ name: c.name, description: c.description })),
    rules: rules(spec.doc)
      .filter((r) => !checkNames.has(r.name))
      .map((r) => {
        const judgedBy = checks.filter((c) => c.judges === r.kind).map((c) => c.name);
        return {
          name: r.name,
          description: r.description.trim(),
          kind: { name: r.kind, ...kindOf(r) },
          ...(judgedBy.length === 0 ? {} : { judgedBy }),
          ...(r.untestable === undefined ? {} : { untestable: r.untestable }),
        };
      }),
    properties: properties.map((p) => ({ name: p.name, description: p.description, reports: p.reports })),
  };
}

/** Every name `--checks` accepts for an API: each check, property, and rule a property reports. */
export function selectableNames(api: ApiName): string[] {
  const { checks: c, rules: r, properties: p } = catalogue(api);
  const reported = new Set(p.flatMap((e) => e.reports ?? []));
  return [...c, ...r.filter((e) => reported.has(e.name)), ...p].map((e) => e.name);
}

/** The property list of an API, built against a session that never sends anything. */
function listProperties(spec: SpecView, api: ApiName) {
  const ledger = new ResourceLedger('list');
  const budget = new RequestBudget({ maxRequests: 0, maxDurationMs: 0 });
  const transport = new HttpTransport({ baseUrl: 'http://127.0.0.1', budget });
  const suite = suiteFor(api);
  const target = suite.catalogueTarget();
  const session = new Session(spec, transport, ledger, traitsOf('stateful'), suite.auth(target, spec.doc), () => true);
  return suite.properties(session, target);
}
