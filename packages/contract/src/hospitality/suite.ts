import { paginationOf, ruleOf, rulesOfKind } from '@roomkit/openapi';
import { refusesCredentials } from '../kinds/authentication.js';
import { goneStatus } from '../kinds/gone-after-delete.js';
import { boundsProperty } from '../properties/bounds.js';
import { credentialPartsProperties } from '../properties/credential-parts.js';
import { credentialsProperty, readOperation } from '../properties/credentials.js';
import { operationProperty } from '../properties/operations.js';
import { collectionIds } from './properties/collection-ids.js';
import { hierarchy, tenancy } from './properties/hierarchy.js';
import { modelBased } from './properties/model.js';
import { roomNames } from './properties/names.js';
import { lifecycle } from './properties/lifecycle.js';
import { paginationRejects, paginationUnderWrites, paginationWalk } from './properties/pagination.js';
import { races } from './properties/races.js';
import { uniqueness } from './properties/uniqueness.js';
import { neighbours, noOpWrites } from './properties/writes.js';
import { protocolProperties } from '../properties/protocol.js';
import { hospitalityProbes } from './protocol-probes.js';
import { assertBasePath, CredentialsRejected, type Suite } from '../suite.js';
import {
  hospitalityAuth,
  hospitalityFlags,
  hospitalitySecrets,
  hospitalityTarget,
  type HospitalityTarget,
} from './target.js';
import { hospitalityBinding } from './binding.js';
import { HospitalityContext } from './context.js';

export const hospitalitySuite: Suite<HospitalityTarget> = {
  api: 'hospitality',
  flags: hospitalityFlags,
  target: hospitalityTarget,
  placeholder: () => ({
    api: 'hospitality',
    baseUrl: 'http://127.0.0.1',
    token: '',
    organizationId: 'amzn1.alexa.unit.did.LIST',
  }),
  catalogueTarget: () => ({
    api: 'hospitality',
    baseUrl: 'http://127.0.0.1',
    token: 'list',
    organizationId: 'amzn1.alexa.unit.did.LIST',
    secondToken: 'list-second',
    secondOrganizationId: 'amzn1.alexa.unit.did.LISTSECOND',
  }),
  auth: hospitalityAuth,
  secrets: hospitalitySecrets,
  roots: (target) => [
    target.organizationId,
    ...(target.secondOrganizationId === undefined ? [] : [target.secondOrganizationId]),
  ],
  hasSecondOrganization: (target) => target.secondToken !== undefined && target.secondOrganizationId !== undefined,

  async preflight(session, target) {
    const context = new HospitalityContext(session, target.organizationId);
    const [top] = context.api.hierarchy;
    const list = paginationOf(session.spec.doc, top!.operations.list)!;
    const operation = session.spec.operation(list.operationId);
    const probe = await session.transport.send({
      operationId: operation.operationId,
      method: operation.method,
      path: operation.path,
      query: { [list.filter]: target.organizationId, [list.pageSize]: list.pageSizeMinimum },
      headers: session.authHeaders('primary'),
    });
    const status = probe.response?.status;
    const where = `${probe.request.method} ${new URL(probe.request.url).pathname}`;
    const doc = session.spec.doc;
    if (refusesCredentials(doc, status)) {
      throw new CredentialsRejected(
        `${target.baseUrl} refused the credentials of --token (${status} on ${where}). Check the value (from --token or ROOMKIT_TOKEN), and that it has not expired.`,
      );
    }
    // Another organization's list: a tenancy status that does not also mean "no such item".
    const foreign = ruleOf(doc, 'tenancy').statuses.filter((s) => s !== goneStatus(doc));
    if (status !== undefined && foreign.includes(status)) {
      throw new CredentialsRejected(
        `${target.baseUrl} answered ${status} listing the ${top!.name} of --organization-id ${target.organizationId}: the organization does not belong to --token.`,
      );
    }
    // Without its required filter, an existing list answers 400 (or 401/403), never 404.
    const unfiltered = () =>
      session.transport.send({
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path,
        headers: session.authHeaders('primary'),
      });
    await assertBasePath(session.spec, probe, operation.operationId, target.baseUrl, unfiltered);
  },

  properties(session, target) {
    const context = new HospitalityContext(session, target.organizationId, target.secondOrganizationId);
    const binding = hospitalityBinding(context);
    const requestIdRules = rulesOfKind(session.spec.doc, 'request-id').map((r) => r.name);
    return [
      ...session.spec.operations.map((operation) => operationProperty(operation, binding, requestIdRules)),
      boundsProperty(session.judgedOperations(), binding),
      ...[readOperation(session.judgedOperations())].flatMap((o) =>
        o === undefined ? [] : [credentialsProperty(o, binding)],
      ),
      ...credentialPartsProperties(session, readOperation(session.spec.operations), binding),
      paginationWalk(context),
      paginationRejects(context),
      paginationUnderWrites(context),
      roomNames(context),
      uniqueness(context),
      hierarchy(context),
      lifecycle(context),
      tenancy(context),
      modelBased(context),
      races(context),
      neighbours(context),
      noOpWrites(context),
      ...collectionIds(context),
      ...protocolProperties(session, hospitalityProbes(context)),
    ];
  },
};
