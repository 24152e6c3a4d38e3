import { clashPlace, nounOf, rulesOfKind, type Rule } from '@roomkit/openapi';

type UniqueRule = Extract<Rule, { kind: 'unique' }>;
import fc from 'fast-check';
import { allOrFirstError, ok, type HospitalityContext } from '../context.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';

type Placement = 'same-parent' | 'sibling-parent' | 'other-scope';

interface UniquenessInput {
  rule: string;
  placement: Placement;
  via: 'create' | 'update';
}

/**
 * For each `unique` rule (room names unique per property): a duplicate inside the scope is
 * refused on create and on update, even under another parent; in another scope it is accepted.
 */
export function uniqueness(context: HospitalityContext): PropertyDefinition<UniquenessInput> {
  const { api, session, ledger } = context;
  const uniqueRules = rulesOfKind(session.spec.doc, 'unique');
  const ruleByName = new Map<string, UniqueRule>(uniqueRules.map((r) => [r.name, r]));
  return defineProperty<UniquenessInput>({
    name: 'uniqueness',
    description:
      'A unique field is refused when repeated within its scope, on create and update, across parents; accepted in another scope.',
    requires: { stateful: true },
    independentRuns: true,
    reports: uniqueRules.map((r) => r.name),
    runsFactor: 0.4,
    examples: () =>
      uniqueRules.flatMap((rule) =>
        (['sibling-parent', 'same-parent', 'other-scope'] as const).flatMap((placement) =>
          (['create', 'update'] as const).map((via) => ({ rule: rule.name, placement, via })),
        ),
      ),
    arbitrary: () =>
      fc.record({
        rule: fc.constantFrom(...uniqueRules.map((r) => r.name)),
        placement: fc.constantFrom<Placement>('same-parent', 'sibling-parent', 'other-scope'),
        via: fc.constantFrom('create' as const, 'update' as const),
      }),
    async run(_session, input) {
      const rule = ruleByName.get(input.rule)!;
      const resource = api.resource(rule.resource);
      // Two scope items (properties); in the first, two parents (room types) of the resource.
      const levels = api.hierarchy;
      const scopeParent = (await context.chainTo(rule.scope)).at(-1) ?? context.organizationId;
      const parentLevel = api.resource(resource.parent.resource);
      const between = levels.slice(levels.findIndex((l) => l.name === rule.scope) + 1, levels.indexOf(parentLevel) + 1);
      const parentUnder = async (scopeId: string): Promise<string> => {
        let id = scopeId;
        for (const level of between) id = await context.make(level.name, id);
        return id;
      };
      // Items of one level are made together: a lagging target costs one wait per level, not per item.
      const [scopeA, scopeB] = (await context.makeMany(rule.scope, scopeParent, 2)) as [string, string];
      const [firstParent, siblingParent, otherParent] = (await allOrFirstError([
        parentUnder(scopeA),
        parentUnder(scopeA),
        parentUnder(scopeB),
      ])) as [string, string, string];

      const value = ledger.name('unique');
      const original = await api.create(rule.resource, value, firstParent, { intent: 'positive' });
      if (original.id === undefined) return;
      const target = { 'same-parent': firstParent, 'sibling-parent': siblingParent, 'other-scope': otherParent }[
        input.placement
      ];
      const accepted = input.placement === 'other-scope';
      let attempt;
      if (input.via === 'create') {
        attempt = (await api.create(rule.resource, value, target, { intent: accepted ? 'positive' : 'state' }))
          .exchange;
      } else {
        const other = await context.make(rule.resource, target);
        attempt = await api.update(
          rule.resource,
          other,
          { [rule.field]: value },
          { intent: accepted ? 'positive' : 'state' },
        );
      }
      const status = attempt.response?.status ?? 0;
      if (accepted && status >= 400 && status < 500) {
        session.rule(
          rule.name,
          `${input.via === 'create' ? resource.operations.create : resource.operations.update} refused (${status}) ${rule.field} ${JSON.stringify(value)}, used only in another ${rule.scope} item; the rule holds within one ${rule.scope} item`,
          api.rulePointer(rule.name),
          attempt,
          [original.exchange],
        );
      }
      if (!accepted && ok(attempt)) {
        const parentNoun = nounOf(session.spec.doc, parentLevel.name).one;
        const where = `${clashPlace(session.spec.doc, rule)} in ${input.placement === 'same-parent' ? 'the same' : 'another'} ${parentNoun}`;
        session.rule(
          rule.name,
          `${input.via === 'create' ? resource.operations.create : resource.operations.update} accepted ${rule.field} ${JSON.stringify(value)} (${status}), already used by ${where}; the rule requires ${rule.status}`,
          api.rulePointer(rule.name),
          attempt,
          [original.exchange],
        );
      }
    },
  });
}
