import { checkUnitRules, listOperations } from '@roomkit/openapi';
import fc from 'fast-check';
import { defineProperty, type PropertyDefinition } from '../properties/property.js';
import type { Session } from '../session.js';
import { specPointer } from '../openapi/pointer.js';
import { hotelBody, type Hotel } from './target.js';

export const UNKNOWN_HOTEL_RULE = 'unknown-hotel-fails';

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
  const ruleNames = Object.keys((doc['x-roomkit-rules'] ?? {}) as object);
  return defineProperty<RetrieveInput>({
    name: 'room-retrieve',
    description:
      "Every unit satisfies the spec's unit rules; an unknown channel hotel is answered with a Fail envelope.",
    requires: {},
    reports: [...ruleNames, UNKNOWN_HOTEL_RULE],
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
        const body = hotelBody(doc, { ...known, channelHotelId: `roomkit-unknown-${input.unknown}` });
        const exchange = await current.call(operation!.operationId, { json: body });
        const status = exchange.response?.status ?? 0;
        if (status >= 200 && status < 300) {
          current.rule(
            UNKNOWN_HOTEL_RULE,
            `an unknown channel_hotel_id was answered ${status} (${exchange.response?.text.slice(0, 120)}); the spec documents a Fail envelope with 400 and Code 572`,
            `${operation!.pointer}/responses/400`,
            exchange,
          );
        }
        return;
      }
      const body = known === undefined ? undefined : hotelBody(doc, known);
      if (body === undefined && current.traits.stateful) return;
      const exchange = await current.call(operation!.operationId, {
        json: body ?? hotelBody(doc, { hotelId: 'ROOMKIT', channelHotelId: '1' }),
      });
      const units = (exchange.response?.json as { Data?: unknown } | undefined)?.Data;
      if (!Array.isArray(units)) return;
      units.forEach((unit, index) => {
        for (const violation of checkUnitRules(doc, unit)) {
          current.rule(
            violation.rule,
            `unit ${index} (${String((unit as { unit_id?: unknown }).unit_id)}) at ${violation.path || '(unit)'}: ${violation.message}`,
            specPointer('x-roomkit-rules', violation.rule),
            exchange,
          );
        }
      });
    },
  });
}
