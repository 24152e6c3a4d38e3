import { isObjectRule, listOperations, rules } from '@roomkit/openapi';
import { succeededOnUnknown, unknownInputBody, unknownInputRule } from '../kinds/unknown-input-fails.js';
import fc from 'fast-check';
import { defineProperty, type PropertyDefinition } from '../properties/property.js';
import type { Session } from '../session.js';
import { hotelBody, type Hotel } from './target.js';

interface RetrieveInput {
  hotel: number;
  unknown: string | undefined;
}

/**
 * Every unit a hotel returns satisfies the spec's unit rules (occupancy relations, one default
 * bed configuration...); an unknown channel hotel gets a Fail answer, never a Success.
 */
export function roomRetrieveRules(session: Session, hotels: readonly Hotel[]): PropertyDefinition<RetrieveInput> {
  const doc = session.spec.doc;
  const [operation] = listOperations(doc);
  const unknownInput = unknownInputRule(doc);
  const objectRules = rules(doc)
    .filter(isObjectRule)
    .map((r) => r.name);
  return defineProperty<RetrieveInput>({
    name: 'room-retrieve',
    description:
      "Every unit satisfies the spec's unit rules; an unknown channel hotel is answered with a Fail envelope.",
    requires: {},
    reports: [...objectRules, unknownInput.name],
    runsFactor: 0.5,
    examples: () => [...hotels.map((_, hotel) => ({ hotel, unknown: undefined })), { hotel: 0, unknown: 'X' }],
    arbitrary: () =>
      fc.record({
        hotel: fc.nat({ max: Math.max(0, hotels.length - 1) }),
        unknown: fc.option(fc.stringMatching(/^[0-9A-Z]{1,12}$/), { nil: undefined }),
      }),
    async run(current, input) {
      const known = hotels[input.hotel];
      if (input.unknown !== undefined) {
        if (!current.traits.stateful || known === undefined) return;
        const body = unknownInputBody(unknownInput, hotelBody(doc, known), input.unknown);
        const exchange = await current.call(operation!.operationId, { json: body });
        const status = exchange.response?.status;
        if (succeededOnUnknown(status)) {
          current.rule(
            unknownInput.name,
            `an unknown ${unknownInput.field} was answered ${status} (${exchange.response?.text.slice(0, 120)}); the spec documents a failure with ${unknownInput.status}${unknownInput.code === undefined ? '' : ` and error code ${unknownInput.code}`}`,
            `${operation!.pointer}/responses/${unknownInput.status}`,
            exchange,
          );
        }
        return;
      }
      const body = known === undefined ? undefined : hotelBody(doc, known);
      if (body === undefined && current.traits.stateful) return;
      // The session judges the answer's object rules (checks/answer-rules.ts), as it does every answer's.
      await current.call(operation!.operationId, {
        json: body ?? hotelBody(doc, { hotelId: 'ROOMKIT', channelHotelId: '1' }),
      });
    },
  });
}
