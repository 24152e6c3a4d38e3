import { listOperations, type IdentifiesTogetherRule } from '@roomkit/openapi';
import { identifiesTogetherRules, mixedBody, mixedVerdict } from '../kinds/identifies-together.js';
import fc from 'fast-check';
import { specPointer } from '../openapi/pointer.js';
import { defineProperty, type PropertyDefinition } from '../properties/property.js';
import type { Session } from '../session.js';
import { hotelBody, type Hotel } from './target.js';

interface Pairing {
  rule: IdentifiesTogetherRule;
  /** The hotel whose body is sent, and the other hotel that lends it one field. */
  from: number;
  other: number;
  field: string;
}

/**
 * Fields that name one thing together (the spec's identifies-together rules): a request taking
 * one field from another known hotel names no hotel, and is refused with the rule's status,
 * never answered with either hotel's units. It needs two hotels the target knows (two --hotel).
 */
export function pairedIdsProperties(session: Session, hotels: readonly Hotel[]): PropertyDefinition<Pairing>[] {
  const doc = session.spec.doc;
  const [operation] = listOperations(doc);
  const rules = operation === undefined ? [] : identifiesTogetherRules(doc, operation.operationId);
  if (rules.length === 0 || hotels.length < 2) return [];
  const pairings: Pairing[] = rules.flatMap((rule) =>
    rule.fields.flatMap((field) => hotels.map((_, from) => ({ rule, from, other: from === 0 ? 1 : 0, field }))),
  );
  return [
    defineProperty<Pairing>({
      name: 'paired-ids',
      description: `Fields that name one hotel together (${rules.map((r) => r.fields.join(' and ')).join('; ')}): one taken from another hotel is refused.`,
      requires: { stateful: true },
      reports: rules.map((r) => r.name),
      runsFactor: 0.2,
      examples: () => pairings,
      arbitrary: () =>
        fc
          .record({
            pairing: fc.constantFrom(...pairings),
            shift: fc.integer({ min: 1, max: hotels.length - 1 }),
          })
          .map(({ pairing, shift }) => ({ ...pairing, other: (pairing.from + shift) % hotels.length })),
      async run(current, pairing) {
        const { rule } = pairing;
        const own = hotelBody(doc, hotels[pairing.from]!);
        // The kind decides the mix (none where two --hotel entries share the field's value) and the verdict.
        const mixed = mixedBody(own, hotelBody(doc, hotels[pairing.other]!), pairing.field);
        if (mixed === undefined) return;
        const exchange = await current.call(operation!.operationId, { json: mixed });
        const verdict = mixedVerdict(rule, exchange.response?.status);
        if (verdict === undefined) return;
        current.rule(
          rule.name,
          `${operation!.operationId} with ${pairing.field} ${JSON.stringify(mixed[pairing.field])} (another hotel's) and the other fields of ${JSON.stringify(own)} answered ${exchange.response?.status}; the fields name one hotel together, so the pair names none: expected ${verdict.expected}`,
          specPointer('x-roomkit-rules', rule.name),
          exchange,
        );
      },
    }),
  ];
}
