import { operationProperty } from '../properties/operations.js';
import { assertBasePath, CredentialsRejected, type Suite } from '../suite.js';
import { authOf, secretsOf, type RoomRetrieveTarget } from '../targets/target.js';
import { roomRetrieveBinding, roomRetrieveRules } from './properties.js';

export const roomRetrieveSuite: Suite<RoomRetrieveTarget> = {
  api: 'room-retrieve',
  auth: authOf,
  secrets: secretsOf,
  roots: () => [],
  hasSecondOrganization: () => false,

  async preflight(session, target) {
    const [operation] = session.spec.operations;
    // Every --hotel is probed once: a hotel the target does not know is a wrong flag, not a fault.
    for (const hotel of target.hotels) {
      const probe = await session.transport.send({
        operationId: operation!.operationId,
        method: operation!.method,
        path: operation!.path,
        json: { hotel_id: hotel.hotelId, channel_hotel_id: hotel.channelHotelId },
        headers: session.authHeaders('primary'),
      });
      await assertBasePath(session.spec, probe, operation!.operationId, target.baseUrl);
      const status = probe.response?.status;
      if (status === 401) {
        throw new CredentialsRejected(
          `${target.baseUrl} refused the credentials of --app-id / --api-key (401 on ${probe.request.method} ${new URL(probe.request.url).pathname}). Check the values (from the flags or ROOMKIT_APP_ID and ROOMKIT_API_KEY), and that they have not expired.`,
        );
      }
      if (status === 400) {
        const body = probe.response?.json as { Errors?: Array<{ Code?: string; ShortText?: string }> } | undefined;
        const why =
          body?.Errors?.map((e) => `Code ${e.Code ?? '?'} ${e.ShortText ?? ''}`.trim()).join('; ') ??
          'no Fail envelope';
        throw new CredentialsRejected(
          `${target.baseUrl} refused --hotel ${hotel.hotelId}:${hotel.channelHotelId} (400: ${why}): give hotels the target knows.`,
        );
      }
    }
  },

  properties(session, target) {
    const binding = roomRetrieveBinding(target.hotels, session.traits.stateful);
    return [
      ...session.spec.operations.map((operation) => operationProperty(operation, binding)),
      roomRetrieveRules(session, target.hotels),
    ];
  },
};
