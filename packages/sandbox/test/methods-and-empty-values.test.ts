// Two defects a Schemathesis 4 run found: a method the spec does not document on a known path
// answered 404 (it is a 405 with the documented methods in Allow), and an empty nextToken,
// below the parameter's minLength, was served as the first page (it is a 400 like any other
// invalid parameter). Expectations are read from the specs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSpecValidator,
  listOperations,
  paginationOf,
  resources,
  type OpenApiDocument,
  type OperationInfo,
} from '@roomkit/openapi';
import type { Sandbox } from '../src/index.js';
import { BASE, Client, hospitalityDoc, roomRetrieveDoc, rrHeaders, startSandbox } from './harness.js';

const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'];

let sandbox: Sandbox;
let org: Client;
let property: string;
let parents: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox();
  org = Client.forOrganization(sandbox, 0);
  property = await org.createProperty();
  const roomType = await org.createRoomType(property);
  // Each list's parent filter, by the field that names it (x-roomkit-resources).
  parents = { organizationId: org.organizationId, propertyId: property, roomTypeId: roomType };
});
afterAll(async () => {
  expect(sandbox.conformanceProblems).toEqual([]);
  await sandbox.close();
});

/** The documented methods of each path, as the spec lists them. */
function documentedMethods(doc: OpenApiDocument): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const op of listOperations(doc)) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op.method.toUpperCase()]);
  return byPath;
}

function concrete(path: string): string {
  return path.replace(/\{[^}]+\}/g, property);
}

describe('a method the spec does not document on a known path', () => {
  it.each([...documentedMethods(hospitalityDoc)])(
    'hospitality %s: 405 with Allow, in the error shape',
    async (path, allowed) => {
      for (const method of HTTP_METHODS.filter((m) => !allowed.includes(m))) {
        const r = await org.request(method, concrete(path));
        expect(r.status, `${method} ${path}`).toBe(405);
        expect(r.headers.get('allow')?.split(/,\s*/).sort(), `${method} ${path}`).toEqual([...allowed].sort());
        expect(r.body, `${method} ${path}`).toEqual({ message: expect.any(String) });
        expect(r.headers.get('x-amzn-requestid'), `${method} ${path}`).toMatch(/\S/);
      }
    },
  );

  it('the cases the fuzzer found: TRACE on rooms, PATCH on a property', async () => {
    expect((await org.request('TRACE', `${BASE}/rooms`)).status).toBe(405);
    const patch = await org.request('PATCH', `${BASE}/properties/${property}`, { name: 'x' });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toMatch(/GET/);
    // The property is untouched.
    expect((await org.request('GET', `${BASE}/properties/${property}`)).body.name).not.toBe('x');
  });

  it.each([...documentedMethods(roomRetrieveDoc)])(
    'Room Retrieve %s: 405 with Allow, in the Fail envelope',
    async (path, allowed) => {
      const validator = createSpecValidator(roomRetrieveDoc);
      for (const method of HTTP_METHODS.filter((m) => !allowed.includes(m))) {
        const r = await org.request(method, path, undefined, rrHeaders(sandbox));
        expect(r.status, `${method} ${path}`).toBe(405);
        expect(r.headers.get('allow'), `${method} ${path}`).toBe(allowed.join(', '));
        expect(validator.validate('#/components/schemas/FailEnvelope', r.body).errors, r.text).toEqual([]);
        expect(r.body.Errors![0]!.Code).toBe('405');
      }
    },
  );

  it('an unknown path is still a 404, in the shape of the API whose base path it is under', async () => {
    const r = await org.request('GET', `${BASE}/nothing`);
    expect(r.status).toBe(404);
    expect(r.headers.get('allow')).toBeNull();
    expect(r.headers.get('x-amzn-requestid')).toMatch(/\S/);
  });
});

describe('Room Retrieve errors answered before the operation runs use its Fail envelope', () => {
  it('a URL over the length limit', async () => {
    const [op] = listOperations(roomRetrieveDoc) as [OperationInfo];
    const r = await org.request(op.method.toUpperCase(), `${op.path}?${'x'.repeat(9000)}`, {}, rrHeaders(sandbox));
    expect(r.status).toBe(400);
    expect(createSpecValidator(roomRetrieveDoc).validate('#/components/schemas/FailEnvelope', r.body).valid).toBe(true);
  });
});

describe('an empty parameter value is validated like any other value', () => {
  it.each(Object.values(resources(hospitalityDoc)).map((r) => r.operations.list))(
    '%s: nextToken= (below its minLength) is a 400, not the first page',
    async (operationId) => {
      const p = paginationOf(hospitalityDoc, operationId)!;
      const op = listOperations(hospitalityDoc).find((o) => o.operationId === operationId)!;
      const tokenSchema = op.parameters.find((x) => x.name === p.token)!.schema as { minLength?: number };
      expect(tokenSchema.minLength).toBeGreaterThan(0);
      const list = `${op.path}?${p.filter}=${encodeURIComponent(parents[p.filter]!)}`;
      expect((await org.request('GET', list)).status).toBe(200);
      const r = await org.request('GET', `${list}&${p.token}=`);
      expect(r.status, r.text).toBe(400);
      expect(r.body.message).toContain(p.token);
    },
  );
});
