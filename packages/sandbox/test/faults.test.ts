// Every fault and variation has a probe that observes it; the same probe must not fire on
// the correct sandbox. A registry entry without a probe fails the suite.
import { describe, expect, it } from 'vitest';
import { getOperation, paginationOf } from '@roomkit/openapi';
import { createSandbox, faults, variations, type Sandbox } from '../src/index.js';
import { BASE, Client, hospitalityDoc, rrHeaders, startSandbox, type RetrieveBody } from './harness.js';

const paging = paginationOf(hospitalityDoc, 'listRoomTypes')!;
const nameMax = (hospitalityDoc.components!.schemas!['RoomName'] as { maxLength: number }).maxLength;

type Probe = (sandbox: Sandbox) => Promise<boolean>;

async function propertyWithTypes(c: Client, n: number) {
  const p = await c.createProperty();
  const types: string[] = [];
  for (let i = 0; i < n; i++) types.push(await c.createRoomType(p, `T${i}`));
  return { p, types };
}

async function retrieve(sandbox: Sandbox, body: unknown, headers = rrHeaders(sandbox)) {
  const res = await fetch(`${sandbox.url}/bdc/room/retrieve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as RetrieveBody };
}

/** Renames a fresh room of a fresh property. */
async function renameRoom(s: Sandbox, name: string) {
  const { types } = await propertyWithTypes(org(s), 1);
  const id = (await org(s).createRoom(types[0]!, 'R1')).body.id;
  return org(s).request('PUT', `${BASE}/rooms/${id}`, { name });
}

const sample = { hotel_id: 'AWSTEST', channel_hotel_id: '12962495' };
const org = (s: Sandbox, i = 0) => Client.forOrganization(s, i);
const occupancies = (body: RetrieveBody) =>
  body.Data!.map((u) => u.configuration.occupancy).filter((o) => o !== undefined);

const faultProbes: Record<keyof typeof faults, Probe> = {
  'pagination-duplicates-item': async (s) => {
    const { p } = await propertyWithTypes(org(s), 5);
    const { ids } = await org(s).walk('roomTypes', 'propertyId', p, 2);
    return new Set(ids).size !== ids.length;
  },
  'pagination-skips-item': async (s) => {
    const { p } = await propertyWithTypes(org(s), 5);
    return new Set((await org(s).walk('roomTypes', 'propertyId', p, 2)).ids).size < 5;
  },
  'pagination-ignores-max-results': async (s) => {
    const { p } = await propertyWithTypes(org(s), 5);
    return (await org(s).walk('roomTypes', 'propertyId', p, 2)).pages.some((n) => n > 2);
  },
  'pagination-default-page-size-25': async (s) => {
    const { p } = await propertyWithTypes(org(s), paging.pageSizeDefault + 2);
    return (
      ((await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}`)).body.roomTypes as unknown[]).length !==
      paging.pageSizeDefault
    );
  },
  'pagination-token-on-last-page': async (s) => {
    const { p } = await propertyWithTypes(org(s), 2);
    return (
      typeof (await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}&maxResults=5`)).body.paginationContext
        ?.nextToken === 'string'
    );
  },
  'pagination-accepts-out-of-range': async (s) => {
    const { p } = await propertyWithTypes(org(s), 1);
    const r0 = await org(s).request(
      'GET',
      `${BASE}/roomTypes?propertyId=${p}&maxResults=${paging.pageSizeMinimum - 1}`,
    );
    const r51 = await org(s).request(
      'GET',
      `${BASE}/roomTypes?propertyId=${p}&maxResults=${paging.pageSizeMaximum + 1}`,
    );
    return r0.status === 200 && r51.status === 200;
  },
  'pagination-malformed-token-500': async (s) => {
    const { p } = await propertyWithTypes(org(s), 1);
    return (await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}&nextToken=garbage`)).status === 500;
  },
  'names-accepts-space': async (s) =>
    (await org(s).createRoom((await propertyWithTypes(org(s), 1)).types[0]!, 'Room 1')).status === 201,
  'names-accepts-period': async (s) =>
    (await org(s).createRoom((await propertyWithTypes(org(s), 1)).types[0]!, 'Room.1')).status === 201,
  'names-no-length-limit': async (s) =>
    (await org(s).createRoom((await propertyWithTypes(org(s), 1)).types[0]!, 'x'.repeat(nameMax + 1))).status === 201,
  'names-rejects-special-characters': async (s) =>
    (await org(s).createRoom((await propertyWithTypes(org(s), 1)).types[0]!, 'Suite#12@North')).status === 400,
  'names-unique-per-room-type-only': async (s) => {
    const { types } = await propertyWithTypes(org(s), 2);
    await org(s).createRoom(types[0]!, 'R1');
    return (await org(s).createRoom(types[1]!, 'R1')).status === 201;
  },
  'names-uniqueness-not-checked-on-update': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    await org(s).createRoom(types[0]!, 'R1');
    const r2 = (await org(s).createRoom(types[0]!, 'R2')).body.id;
    return (await org(s).request('PUT', `${BASE}/rooms/${r2}`, { name: 'R1' })).status === 204;
  },
  'hierarchy-deletes-non-empty-property': async (s) => {
    const { p } = await propertyWithTypes(org(s), 1);
    return (await org(s).request('DELETE', `${BASE}/properties/${p}`)).status === 204;
  },
  'hierarchy-deletes-non-empty-room-type': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    await org(s).createRoom(types[0]!, 'R1');
    return (await org(s).request('DELETE', `${BASE}/roomTypes/${types[0]}`)).status === 204;
  },
  'hierarchy-update-not-persisted': async (s) => {
    const p = await org(s).createProperty('Before');
    await org(s).request('PUT', `${BASE}/properties/${p}`, { name: 'After' });
    return (await org(s).request('GET', `${BASE}/properties/${p}`)).body.name !== 'After';
  },
  'hierarchy-list-ignores-filter': async (s) => {
    const { types } = await propertyWithTypes(org(s), 2);
    await org(s).createRoom(types[0]!, 'A');
    await org(s).createRoom(types[1]!, 'B');
    return (await org(s).walk('rooms', 'roomTypeId', types[0]!)).ids.length !== 1;
  },
  'hierarchy-delete-not-effective': async (s) => {
    const p = await org(s).createProperty();
    await org(s).request('DELETE', `${BASE}/properties/${p}`);
    return (await org(s).request('GET', `${BASE}/properties/${p}`)).status === 200;
  },
  'status-create-returns-200': async (s) =>
    (await org(s).request('POST', `${BASE}/properties`, { name: 'x', organizationId: org(s).organizationId }))
      .status === 200,
  'status-missing-returns-410': async (s) =>
    (await org(s).request('GET', `${BASE}/properties/amzn1.alexa.unit.did.ANOSUCH`)).status === 410,
  'headers-no-request-id': async (s) =>
    (await org(s).request('GET', `${BASE}/properties?organizationId=${org(s).organizationId}`)).headers.get(
      'x-amzn-requestid',
    ) === null,
  'headers-location-wrong-id': async (s) => {
    const r = await org(s).request('POST', `${BASE}/properties`, { name: 'x', organizationId: org(s).organizationId });
    return !r.headers.get('location')!.endsWith(`/${r.body.id}`);
  },
  'content-type-text-plain': async (s) =>
    (await org(s).request('GET', `${BASE}/properties?organizationId=${org(s).organizationId}`)).headers
      .get('content-type')!
      .startsWith('text/plain'),
  'auth-missing-token-accepted': async (s) =>
    (await new Client(s, undefined).request('GET', `${BASE}/properties?organizationId=${org(s).organizationId}`))
      .status === 200,
  'auth-invalid-token-accepted': async (s) =>
    (await new Client(s, 'made-up').request('GET', `${BASE}/properties?organizationId=${org(s).organizationId}`))
      .status === 200,
  'tenancy-cross-organization-read': async (s) => {
    const p = await org(s).createProperty();
    return (await org(s, 1).request('GET', `${BASE}/properties/${p}`)).status === 200;
  },
  'tenancy-cross-organization-write': async (s) => {
    const p = await org(s).createProperty();
    return (
      (await org(s, 1).request('PUT', `${BASE}/properties/${p}`, { name: 'renamed by another organization' }))
        .status === 204
    );
  },
  'schema-ids-as-numbers': async (s) =>
    typeof (await org(s).request('POST', `${BASE}/properties`, { name: 'x', organizationId: org(s).organizationId }))
      .body.id === 'number',
  'schema-get-omits-name': async (s) =>
    !('name' in (await org(s).request('GET', `${BASE}/properties/${await org(s).createProperty()}`)).body),
  'server-error-on-non-ascii': async (s) =>
    (
      await org(s).request('POST', `${BASE}/properties`, {
        name: 'Hôtel Zürich',
        organizationId: org(s).organizationId,
      })
    ).status === 500,
  'names-accepts-space-on-update': async (s) => (await renameRoom(s, 'Room 1')).status === 204,
  'names-accepts-period-on-update': async (s) => (await renameRoom(s, 'Room.1')).status === 204,
  'names-no-length-limit-on-update': async (s) => (await renameRoom(s, 'x'.repeat(nameMax + 1))).status === 204,
  'names-unique-per-room-type-on-update': async (s) => {
    const { types } = await propertyWithTypes(org(s), 2);
    await org(s).createRoom(types[0]!, 'R1');
    const r2 = (await org(s).createRoom(types[1]!, 'R2')).body.id;
    return (await org(s).request('PUT', `${BASE}/rooms/${r2}`, { name: 'R1' })).status === 204;
  },
  'names-unique-per-organization': async (s) => {
    const a = await propertyWithTypes(org(s), 1);
    const b = await propertyWithTypes(org(s), 1);
    await org(s).createRoom(a.types[0]!, 'R1');
    return (await org(s).createRoom(b.types[0]!, 'R1')).status === 400;
  },
  'names-unique-per-organization-on-update': async (s) => {
    const a = await propertyWithTypes(org(s), 1);
    const b = await propertyWithTypes(org(s), 1);
    await org(s).createRoom(a.types[0]!, 'R1');
    const r2 = (await org(s).createRoom(b.types[0]!, 'R2')).body.id;
    return (await org(s).request('PUT', `${BASE}/rooms/${r2}`, { name: 'R1' })).status === 400;
  },
  'names-deleted-name-stays-taken': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    const r1 = (await org(s).createRoom(types[0]!, 'R1')).body.id;
    await org(s).request('DELETE', `${BASE}/rooms/${r1}`);
    return (await org(s).createRoom(types[0]!, 'R1')).status === 400;
  },
  'names-old-name-stays-taken-after-rename': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    const r1 = (await org(s).createRoom(types[0]!, 'R1')).body.id;
    await org(s).request('PUT', `${BASE}/rooms/${r1}`, { name: 'R9' });
    return (await org(s).createRoom(types[0]!, 'R1')).status === 400;
  },
  'names-rename-not-indexed': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    const r1 = (await org(s).createRoom(types[0]!, 'R1')).body.id;
    await org(s).request('PUT', `${BASE}/rooms/${r1}`, { name: 'R9' });
    return (await org(s).createRoom(types[0]!, 'R9')).status === 201;
  },
  'hierarchy-deleted-item-still-listed': async (s) => {
    const { p, types } = await propertyWithTypes(org(s), 2);
    await org(s).request('DELETE', `${BASE}/roomTypes/${types[0]}`);
    return (await org(s).walk('roomTypes', 'propertyId', p)).ids.includes(types[0]!);
  },
  'hierarchy-deleted-item-readable': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    await org(s).request('DELETE', `${BASE}/roomTypes/${types[0]}`);
    return (await org(s).request('GET', `${BASE}/roomTypes/${types[0]}`)).status === 200;
  },
  'hierarchy-second-delete-succeeds': async (s) => {
    const p = await org(s).createProperty();
    await org(s).request('DELETE', `${BASE}/properties/${p}`);
    return (await org(s).request('DELETE', `${BASE}/properties/${p}`)).status === 204;
  },
  'hierarchy-update-deleted-item-succeeds': async (s) => {
    const p = await org(s).createProperty();
    await org(s).request('DELETE', `${BASE}/properties/${p}`);
    return (await org(s).request('PUT', `${BASE}/properties/${p}`, { name: 'again' })).status === 204;
  },
  'hierarchy-create-under-deleted-parent': async (s) => {
    const p = await org(s).createProperty();
    await org(s).request('DELETE', `${BASE}/properties/${p}`);
    return (await org(s).request('POST', `${BASE}/roomTypes`, { name: 'T', propertyId: p })).status === 201;
  },
  'hierarchy-delete-check-ignores-renamed-children': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    const r1 = (await org(s).createRoom(types[0]!, 'R1')).body.id;
    await org(s).request('PUT', `${BASE}/rooms/${r1}`, { name: 'R9' });
    return (await org(s).request('DELETE', `${BASE}/roomTypes/${types[0]}`)).status === 204;
  },
  'hierarchy-delete-check-counter-drift': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    const r1 = (await org(s).createRoom(types[0]!, 'R1')).body.id;
    await org(s).createRoom(types[0]!, 'R2');
    await org(s).request('DELETE', `${BASE}/rooms/${r1}`);
    return (await org(s).request('DELETE', `${BASE}/roomTypes/${types[0]}`)).status === 204;
  },
  'pagination-accepts-foreign-token': async (s) => {
    const a = await propertyWithTypes(org(s), 2);
    const b = await propertyWithTypes(org(s), 2);
    const first = await org(s).request('GET', `${BASE}/roomTypes?propertyId=${a.p}&maxResults=1`);
    const token = encodeURIComponent(first.body.paginationContext!.nextToken!);
    return (await org(s).request('GET', `${BASE}/roomTypes?propertyId=${b.p}&nextToken=${token}`)).status === 200;
  },
  'pagination-rejects-max-results-at-maximum': async (s) => {
    const { p } = await propertyWithTypes(org(s), 1);
    return (
      (await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}&maxResults=${paging.pageSizeMaximum}`)).status ===
      400
    );
  },
  'pagination-rejects-max-results-at-minimum': async (s) => {
    const { p } = await propertyWithTypes(org(s), 1);
    return (
      (await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}&maxResults=${paging.pageSizeMinimum}`)).status ===
      400
    );
  },
  'pagination-no-token-when-one-item-left': async (s) => {
    const { p } = await propertyWithTypes(org(s), 3);
    return (await org(s).walk('roomTypes', 'propertyId', p, 2)).ids.length !== 3;
  },
  'pagination-first-token-repeats-first-page': async (s) => {
    const { p } = await propertyWithTypes(org(s), 3);
    const { ids } = await org(s).walk('roomTypes', 'propertyId', p, 2);
    return ids[0] === ids[2];
  },
  'pagination-later-pages-reordered': async (s) => {
    const { p, types } = await propertyWithTypes(org(s), 7);
    const { ids } = await org(s).walk('roomTypes', 'propertyId', p, 3);
    return ids.join() !== types.join();
  },
  'pagination-last-page-drops-last-item': async (s) => {
    const { p } = await propertyWithTypes(org(s), 3);
    return (await org(s).walk('roomTypes', 'propertyId', p, 2)).ids.length !== 3;
  },
  'pagination-offset-token': async (s) => {
    const { p, types } = await propertyWithTypes(org(s), 4);
    const first = await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}&maxResults=2`);
    await org(s).request('DELETE', `${BASE}/roomTypes/${types[0]}`);
    const token = encodeURIComponent(first.body.paginationContext!.nextToken!);
    const second = await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}&maxResults=2&nextToken=${token}`);
    return !(second.body.roomTypes as { id: string }[]).some((t) => t.id === types[2]);
  },
  'pagination-newest-first-offset-token': async (s) => {
    const { p } = await propertyWithTypes(org(s), 4);
    const first = await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}&maxResults=2`);
    await org(s).createRoomType(p, 'Late');
    const token = encodeURIComponent(first.body.paginationContext!.nextToken!);
    const second = await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}&maxResults=2&nextToken=${token}`);
    const seen = (first.body.roomTypes as { id: string }[]).map((t) => t.id);
    return (second.body.roomTypes as { id: string }[]).some((t) => seen.includes(t.id));
  },
  'status-delete-returns-200': async (s) =>
    (await org(s).request('DELETE', `${BASE}/properties/${await org(s).createProperty()}`)).status === 200,
  'status-update-returns-200': async (s) =>
    (await org(s).request('PUT', `${BASE}/properties/${await org(s).createProperty()}`, { name: 'New' })).status ===
    200,
  'status-deleted-returns-400': async (s) => {
    const p = await org(s).createProperty();
    await org(s).request('DELETE', `${BASE}/properties/${p}`);
    return (await org(s).request('GET', `${BASE}/properties/${p}`)).status === 400;
  },
  'status-deleted-returns-410': async (s) => {
    const p = await org(s).createProperty();
    await org(s).request('DELETE', `${BASE}/properties/${p}`);
    return (await org(s).request('GET', `${BASE}/properties/${p}`)).status === 410;
  },
  'status-update-deleted-500': async (s) => {
    const p = await org(s).createProperty();
    await org(s).request('DELETE', `${BASE}/properties/${p}`);
    return (await org(s).request('PUT', `${BASE}/properties/${p}`, { name: 'again' })).status === 500;
  },
  'status-rename-to-own-name-500': async (s) => {
    const p = await org(s).createProperty('Same');
    return (await org(s).request('PUT', `${BASE}/properties/${p}`, { name: 'Same' })).status === 500;
  },
  'status-duplicate-name-409': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    await org(s).createRoom(types[0]!, 'R1');
    return (await org(s).createRoom(types[0]!, 'R1')).status === 409;
  },
  'status-duplicate-name-on-update-409': async (s) => {
    const { types } = await propertyWithTypes(org(s), 1);
    await org(s).createRoom(types[0]!, 'R1');
    const r2 = (await org(s).createRoom(types[0]!, 'R2')).body.id;
    return (await org(s).request('PUT', `${BASE}/rooms/${r2}`, { name: 'R1' })).status === 409;
  },
  'status-non-empty-delete-409': async (s) => {
    const { p } = await propertyWithTypes(org(s), 1);
    return (await org(s).request('DELETE', `${BASE}/properties/${p}`)).status === 409;
  },
  'status-create-under-deleted-parent-404': async (s) => {
    const p = await org(s).createProperty();
    await org(s).request('DELETE', `${BASE}/properties/${p}`);
    return (await org(s).request('POST', `${BASE}/roomTypes`, { name: 'T', propertyId: p })).status === 404;
  },
  'rr-adults-exceed-guests': async (s) =>
    occupancies((await retrieve(s, sample)).body).some((o) => o.max_adults > o.max_guests),
  'rr-children-equal-guests': async (s) =>
    occupancies((await retrieve(s, sample)).body).some((o) => o.max_children >= o.max_guests),
  'rr-unknown-hotel-success': async (s) =>
    (await retrieve(s, { hotel_id: 'AWSTEST', channel_hotel_id: '1' })).status === 200,
  'rr-auth-ignored': async (s) => (await retrieve(s, sample, { 'app-id': 'nobody' })).status === 200,
  'rr-enum-lowercase': async (s) =>
    (await retrieve(s, sample)).body.Data!.some((u) => /[a-z]/.test(u.configuration.smoking_policy ?? '')),
};

const variationProbes: Record<keyof typeof variations, Probe> = {
  'empty-list-404': async (s) =>
    (await org(s).request('GET', `${BASE}/roomTypes?propertyId=${await org(s).createProperty()}`)).status === 404,
  'last-page-null-token': async (s) => {
    const { p } = await propertyWithTypes(org(s), 1);
    return (
      (await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}`)).body.paginationContext?.nextToken === null
    );
  },
  'last-page-no-pagination-context': async (s) => {
    const { p } = await propertyWithTypes(org(s), 1);
    return !('paginationContext' in (await org(s).request('GET', `${BASE}/roomTypes?propertyId=${p}`)).body);
  },
  'extra-response-fields': async (s) => {
    const got = (await org(s).request('GET', `${BASE}/properties/${await org(s).createProperty()}`)).body;
    const rr = (await retrieve(s, sample)).body;
    return Object.keys(got).length > 3 && Object.keys(rr.Data![0]!.configuration.occupancy!).length > 4;
  },
  'foreign-resource-404': async (s) => {
    const p = await org(s).createProperty();
    return (await org(s, 1).request('GET', `${BASE}/properties/${p}`)).status === 404;
  },
};

describe('fault registry', () => {
  it('describes every fault with an area, and every variation', () => {
    for (const [name, f] of Object.entries(faults)) {
      expect(f.description.length, name).toBeGreaterThan(10);
      expect(f.area, name).toMatch(/\w/);
    }
    expect(new Set(Object.values(faults).map((f) => f.area)).size).toBeGreaterThanOrEqual(8);
    for (const v of Object.values(variations)) expect(v.description.length).toBeGreaterThan(10);
  });

  it('refuses unknown names, naming them', async () => {
    await expect(createSandbox({ database: ':memory:', faults: ['pagination-typo'] })).rejects.toThrow(
      /pagination-typo/,
    );
    await expect(createSandbox({ database: ':memory:', variations: ['nope'] })).rejects.toThrow(
      /Unknown variation "nope"/,
    );
  });
});

async function observe(options: { faults?: string[]; variations?: string[] }, probe: Probe) {
  const sandbox = await startSandbox(options);
  try {
    const seen = await probe(sandbox);
    // The sandbox checks its own answers before perturbing them: faults never trip that check.
    expect(sandbox.conformanceProblems).toEqual([]);
    return seen;
  } finally {
    await sandbox.close();
  }
}

describe('each fault is observable, and absent from the correct sandbox', () => {
  for (const [name, probe] of Object.entries(faultProbes)) {
    it(name, async () => {
      expect(await observe({}, probe)).toBe(false);
      expect(await observe({ faults: [name] }, probe)).toBe(true);
    });
  }
});

describe('each variation is observable, and absent from the default sandbox', () => {
  for (const [name, probe] of Object.entries(variationProbes)) {
    it(name, async () => {
      expect(await observe({}, probe)).toBe(false);
      expect(await observe({ variations: [name] }, probe)).toBe(true);
    });
  }
});

describe('variations stay within what the spec documents', () => {
  it('foreign-resource-404 keeps 403 where an operation documents no 404', async () => {
    const s = await startSandbox({ variations: ['foreign-resource-404'] });
    try {
      const createProperty = getOperation(hospitalityDoc, 'createProperty');
      const r = await org(s, 1).request('POST', `${BASE}/properties`, {
        name: 'x',
        organizationId: org(s).organizationId,
      });
      expect(createProperty.responses[String(r.status)], String(r.status)).toBeDefined();
      expect(r.status).toBe(403);
    } finally {
      await s.close();
    }
  });
});
