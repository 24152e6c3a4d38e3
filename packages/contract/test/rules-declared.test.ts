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
