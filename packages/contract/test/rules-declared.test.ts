import { apiNames, rules } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { checks } from '../src/checks/registry.js';
import { openSpec } from '../src/openapi/open.js';
import { catalogue } from '../src/verify.js';

describe('every rule the suite reports is declared in the spec', () => {
  for (const api of apiNames) {
    it(`${api}: each name a property reports is a check of the registry or a rule of x-roomkit-rules`, () => {
      const declared = new Set([...checks.map((c) => c.name), ...rules(openSpec(api).doc).map((r) => r.name)]);
      const reported = catalogue(api).properties.flatMap((p) => p.reports ?? []);
      expect(reported.length).toBeGreaterThan(0);
      const undeclared = reported.filter((name) => !declared.has(name));
      expect(undeclared, `names reported in code but not declared in specs/${api}`).toEqual([]);
    });
  }
});

describe('every rule the spec declares is tested, or marked untestable with the reason', () => {
  for (const api of apiNames) {
    it(`${api}: each rule of x-roomkit-rules is reported by a property, judged by a check, or untestable`, () => {
      const known = catalogue(api);
      const reported = new Set(known.properties.flatMap((p) => p.reports ?? []));
      const judgedKinds = new Set(checks.flatMap((c) => (c.judges === undefined ? [] : [c.judges])));
      const declared = rules(openSpec(api).doc);
      expect(declared.length).toBeGreaterThan(0);
      const silent = declared
        .filter((r) => !reported.has(r.name) && !judgedKinds.has(r.kind) && r.untestable === undefined)
        .map((r) => r.name);
      expect(
        silent,
        `rules of specs/${api} that nothing tests: report them from a property, or give them "untestable: <reason>"`,
      ).toEqual([]);
      // An untestable rule is not also reported: the mark would hide a test that stopped running.
      const both = declared.filter((r) => r.untestable !== undefined && reported.has(r.name)).map((r) => r.name);
      expect(both, 'rules marked untestable that a property reports').toEqual([]);
      // The coverage lists every declared rule (none vanishes from the report).
      expect(known.rules.map((r) => r.name)).toEqual(declared.map((r) => r.name));
    });
  }
});
