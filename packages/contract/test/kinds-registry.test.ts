import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiNames, OBJECT_RULE_KINDS, ruleKinds, rules } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../src/catalogue.js';
import { RULE_KINDS } from '../src/kinds/index.js';
import { STATE_RULE_KINDS } from '../src/kinds/state-kinds.js';
import { openSpec } from '../src/openapi/open.js';

const packages = fileURLToPath(new URL('../../', import.meta.url));
const fileOf = (judgedIn: string) =>
  judgedIn.startsWith('@roomkit/')
    ? `${packages}${judgedIn.slice('@roomkit/'.length)}`
    : `${packages}contract/src/${judgedIn}`;
const judged = (judge: string) =>
  Object.entries(RULE_KINDS)
    .filter(([, e]) => e.judge === judge)
    .map(([k]) => k)
    .sort();

describe('the kinds registry: every declared kind, where it is judged', () => {
  it('has an entry for every kind the rule schemas declare, and no other', () => {
    expect(Object.keys(RULE_KINDS).sort()).toEqual([...ruleKinds].sort());
  });
  it('names files that exist', () => {
    for (const [kind, entry] of Object.entries(RULE_KINDS))
      if (entry.judgedIn !== undefined)
        expect(existsSync(fileOf(entry.judgedIn)), `${kind}: ${entry.judgedIn}`).toBe(true);
  });
  it('agrees with the state and object registries', () => {
    expect(judged('state-oracle')).toEqual(STATE_RULE_KINDS.map((k) => k.kind).sort());
    expect(judged('object-judge')).toEqual(Object.keys(OBJECT_RULE_KINDS).sort());
  });
  it('an untestable kind has only rules the spec marks untestable', () => {
    const untestable = new Set(judged('untestable'));
    for (const api of apiNames)
      for (const rule of rules(openSpec(api).doc))
        if (untestable.has(rule.kind)) expect(rule.untestable, rule.name).toBeDefined();
  });
  it('no kind joins those still judged inside a property (the list only shrinks: a new kind gets a module)', () => {
    expect(judged('property')).toEqual(['model']);
  });
  it("the catalogue names each rule's kind and judge from the registry", () => {
    for (const api of apiNames) {
      const listed = catalogue(api).rules;
      expect(listed.length).toBeGreaterThan(0);
      for (const rule of listed)
        expect(rule.kind?.judge, rule.name).toBe(RULE_KINDS[rule.kind!.name as keyof typeof RULE_KINDS].judge);
    }
  });
});
