import { ruleOf, rulesOfKind } from '@roomkit/openapi';
import { refusesCredentials } from '../kinds/authentication.js';
import { boundsProperty } from '../properties/bounds.js';
import { credentialPartsProperties } from '../properties/credential-parts.js';
import { credentialsProperty, readOperation } from '../properties/credentials.js';
import { operationProperty } from '../properties/operations.js';
import { protocolProperties } from '../properties/protocol.js';
import { assertBasePath, CredentialsRejected, type Suite } from '../suite.js';
import { roomRetrieveBinding } from './binding.js';
import { pairedIdsProperties } from './paired-ids.js';
import { roomRetrieveRules } from './rules.js';
import {
  hotelBody,
  roomRetrieveAccessToken,
  roomRetrieveAuth,
  roomRetrieveFlags,
  roomRetrieveSecrets,
  roomRetrieveTarget,
  type RoomRetrieveTarget,
} from './target.js';

export const roomRetrieveSuite: Suite<RoomRetrieveTarget> = {
  api: 'room-retrieve',
  flags: roomRetrieveFlags,
  target: roomRetrieveTarget,
  placeholder: () => ({ api: 'room-retrieve', baseUrl: 'http://127.0.0.1', appId: '', apiKey: '', hotels: [] }),
  catalogueTarget: () => ({
    api: 'room-retrieve',
    baseUrl: 'http://127.0.0.1',
    appId: 'list',
    apiKey: 'Basic bGlzdDpsaXN0', // list:list
    hotels: [
      { hotelId: 'LIST', channelHotelId: '1' },
      { hotelId: 'LIST', channelHotelId: '2' },
    ],
  }),
  exchangeCredentials: roomRetrieveAccessToken,
  auth: roomRetrieveAuth,
  secrets: roomRetrieveSecrets,
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
        json: hotelBody(session.spec.doc, hotel),
        headers: session.authHeaders('primary'),
      });
      await assertBasePath(session.spec, probe, operation!.operationId, target.baseUrl);
      const status = probe.response?.status;
      if (refusesCredentials(session.spec.doc, status)) {
        throw new CredentialsRejected(
          target.tokenClient === undefined
            ? `${target.baseUrl} refused the credentials of --app-id / --api-key (${status} on ${probe.request.method} ${new URL(probe.request.url).pathname}). Check the values (from the flags or ROOMKIT_APP_ID and ROOMKIT_API_KEY), and that they have not expired.`
            : `${target.baseUrl} refused --app-id with the access token it issued for --client-id (${status} on ${probe.request.method} ${new URL(probe.request.url).pathname}). Check --app-id (or ROOMKIT_APP_ID): a token is valid with the app it was issued for.`,
        );
      }
      if (status === ruleOf(session.spec.doc, 'unknown-input-fails').status) {
        const body = probe.response?.json as { Errors?: Array<{ Code?: string; ShortText?: string }> } | undefined;
        const why =
          body?.Errors?.map((e) => `Code ${e.Code ?? '?'} ${e.ShortText ?? ''}`.trim()).join('; ') ??
          'no Fail envelope';
        throw new CredentialsRejected(
          `${target.baseUrl} refused --hotel ${hotel.hotelId}:${hotel.channelHotelId} (${status}: ${why}): give hotels the target knows.`,
        );
      }
    }
  },

  properties(session, target) {
    const binding = roomRetrieveBinding(session.spec.doc, target.hotels, session.traits.stateful);
    const requestIdRules = rulesOfKind(session.spec.doc, 'request-id').map((r) => r.name);
    return [
      ...session.spec.operations.map((operation) => operationProperty(operation, binding, requestIdRules)),
      boundsProperty(session.judgedOperations(), binding),
      ...[readOperation(session.judgedOperations())].flatMap((o) =>
        o === undefined ? [] : [credentialsProperty(o, binding)],
      ),
      ...credentialPartsProperties(session, readOperation(session.spec.operations), binding),
      roomRetrieveRules(session, target.hotels),
      ...pairedIdsProperties(session, target.hotels),
      ...protocolProperties(
        session,
        Object.fromEntries(
          session.spec.operations.map((operation) => [
            operation.operationId,
            // A retrieve reads: the first --hotel's request is safe to send in any shape.
            async () => ({ path: {}, body: hotelBody(session.spec.doc, target.hotels[0]!) }),
          ]),
        ),
      ),
    ];
  },
};
