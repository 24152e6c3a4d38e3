import { loadSpec, resources } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { identifiesTogetherRules, mixedBody, mixedVerdict } from '../src/kinds/identifies-together.js';
import { noOpUpdateRule, noOpVerdict } from '../src/kinds/no-op-update.js';
import {
  crossCollectionAccepted,
  crossCollectionProbes,
  oneCollectionPerIdRules,
  wrongParentProbes,
} from '../src/kinds/one-collection-per-id.js';
import { crossTenantVerdict, tenancyRule } from '../src/kinds/tenancy.js';
import { unpersisted, updatePersistsRule } from '../src/kinds/update-persists.js';
import { refusalVerdict } from '../src/kinds/verdict.js';
import { listedProblem, readProblem, writeIsolationRule } from '../src/kinds/write-isolation.js';
import { withRule } from './kinds-support.js';

const hospitality = loadSpec('hospitality');
const roomRetrieve = loadSpec('room-retrieve');

describe('refusal verdicts: a request a rule refuses, and the status that answered it', () => {
  it('as the rule says, no answer, or a 5xx: no verdict; a success: accepted; another refusal: wrong-status', () => {
    expect(refusalVerdict([403, 404], 404)).toBe(undefined);
    expect(refusalVerdict([403, 404], undefined)).toBe(undefined);
    expect(refusalVerdict([403, 404], 503)).toBe(undefined);
    expect(refusalVerdict([403, 404], 204)).toEqual({ verdict: 'accepted', expected: '403 or 404' });
    expect(refusalVerdict([403, 404], 400)).toEqual({ verdict: 'wrong-status', expected: '403 or 404' });
  });
  it("tenancy reads its statuses from the spec's rule", () => {
    const statuses = tenancyRule(hospitality)!.statuses;
    for (const s of statuses) expect(crossTenantVerdict(hospitality, s)).toBe(undefined);
    expect(crossTenantVerdict(hospitality, 200)?.verdict).toBe('accepted');
    expect(crossTenantVerdict(withRule(hospitality, 'tenancy-isolation', undefined), 200)).toBe(undefined);
  });
});

describe('the no-op-update kind', () => {
  it('reads the rule covering an update, with its status', () => {
    const rule = noOpUpdateRule(hospitality, 'updateRoom');
    expect(typeof rule?.status).toBe('number');
    expect(noOpUpdateRule(hospitality, 'createRoom')).toBe(undefined);
  });
  it("an update that changes nothing answered with another status than the rule's breaks it", () => {
    const expected = noOpUpdateRule(hospitality, 'updateRoom')!.status;
    expect(noOpVerdict(hospitality, 'updateRoom', expected)).toBe(undefined);
    expect(noOpVerdict(hospitality, 'updateRoom', 400)).toMatchObject({ expected });
    expect(noOpVerdict(hospitality, 'updateRoom', expected === 200 ? 204 : 200)).toMatchObject({ expected });
    expect(noOpVerdict(hospitality, 'updateRoom', undefined)).toBe(undefined);
    expect(noOpVerdict(hospitality, 'updateRoom', 500)).toBe(undefined);
    expect(noOpVerdict(hospitality, 'createRoom', 400)).toBe(undefined);
  });
  it('follows the spec: another status in the entry', () => {
    const changed = withRule(hospitality, 'no-op-update-accepted', (rule) => ({ ...rule, status: 200 }));
    expect(noOpVerdict(changed, 'updateRoom', 200)).toBe(undefined);
    expect(noOpVerdict(changed, 'updateRoom', 204)).toMatchObject({ expected: 200 });
  });
});

describe('the identifies-together kind', () => {
  const [rule] = identifiesTogetherRules(roomRetrieve, 'retrieveRooms');
  it("reads Room Retrieve's rule for its operation", () => {
    expect(rule?.fields).toEqual(['hotel_id', 'channel_hotel_id']);
    expect(identifiesTogetherRules(roomRetrieve, 'other')).toEqual([]);
  });
  it("mixes one field of another known hotel into a hotel's body, or none where they share it", () => {
    const a = { hotel_id: 'A', channel_hotel_id: '1' };
    expect(mixedBody(a, { hotel_id: 'B', channel_hotel_id: '2' }, 'hotel_id')).toEqual({
      hotel_id: 'B',
      channel_hotel_id: '1',
    });
    expect(mixedBody(a, { hotel_id: 'B', channel_hotel_id: '1' }, 'channel_hotel_id')).toBe(undefined);
  });
  it("a mixed request answered otherwise than with the rule's status breaks it", () => {
    expect(mixedVerdict(rule!, rule!.status)).toBe(undefined);
    expect(mixedVerdict(rule!, 200)?.verdict).toBe('accepted');
  });
});

describe('the one-collection-per-id kind', () => {
  const [rule] = oneCollectionPerIdRules(hospitality);
  // Root first, as the run's chain is made: properties, room types, rooms.
  const all = resources(hospitality);
  const levels = ['properties', 'roomTypes', 'rooms'].map((name) => all[name]!);
  it('sends each item through every other collection the rule lists, leaves first', () => {
    const probes = crossCollectionProbes(rule!, levels, 'get');
    expect(probes[0]!.owner).toBe(levels.at(-1)!.name);
    expect(probes.every((p) => p.owner !== p.via)).toBe(true);
    expect(probes).toHaveLength(levels.length * (levels.length - 1));
    const onlyRooms = { ...rule!, operations: ['getRoom'] };
    expect(crossCollectionProbes(onlyRooms, levels, 'get').map((p) => p.via)).toEqual(
      Array(levels.length - 1).fill('rooms'),
    );
  });
  it("names an item of every collection but the child's parent's as the parent of each create the rule lists", () => {
    const probes = wrongParentProbes(rule!, levels);
    for (const { child, wrong } of probes)
      expect(wrong).not.toBe(levels.find((l) => l.name === child)!.parent.resource);
    expect(new Set(probes.map((p) => p.child))).toEqual(new Set(['roomTypes', 'rooms']));
  });
  it('a success breaks it; any refusal is left to the rules of unknown ids and missing parents', () => {
    expect(crossCollectionAccepted(200)).toBe(true);
    expect(crossCollectionAccepted(404)).toBe(false);
    expect(crossCollectionAccepted(undefined)).toBe(false);
  });
});

describe('the update-persists kind', () => {
  it("reads hospitality's rule", () => {
    expect(updatePersistsRule(hospitality).kind).toBe('update-persists');
  });
  it('a read after an acknowledged update that shows every sent field keeps it; another value or a refused read breaks it', () => {
    expect(unpersisted({ name: 'B' }, { ok: true, body: { id: '1', name: 'B' } })).toBe(undefined);
    expect(unpersisted({ name: 'B' }, { ok: true, body: { id: '1', name: 'A' } })).toBe('shows name "A"');
    expect(unpersisted({ name: 'B' }, { ok: true, body: {} })).toBe('shows name undefined');
    expect(unpersisted({ name: 'B' }, { ok: false, status: 404 })).toBe('answers 404');
  });
});

describe('the write-isolation kind', () => {
  const known = { name: 'Suite', parentId: 'T1', parentField: 'roomTypeId' };
  it("reads hospitality's rule", () => {
    expect(writeIsolationRule(hospitality).kind).toBe('write-isolation');
  });
  it('an item read back as the run knows it keeps the rule; another name or parent, or a refused read, breaks it', () => {
    expect(readProblem('R1', known, { ok: true, body: { name: 'Suite', roomTypeId: 'T1' } })).toBe(undefined);
    expect(readProblem('R1', known, { ok: true, body: { name: 'Other', roomTypeId: 'T1' } })).toContain(
      'shows name "Other"',
    );
    expect(readProblem('R1', known, { ok: true, body: { name: 'Suite', roomTypeId: 'T2' } })).toContain(
      'roomTypeId "T2"',
    );
    expect(readProblem('R1', known, { ok: false, status: 404 })).toBe('R1 (Suite) answers 404');
  });
  it("an item of the run listed other than once in its parent's list breaks it", () => {
    expect(listedProblem('R1', known, 1, 'listRooms')).toBe(undefined);
    expect(listedProblem('R1', known, 0, 'listRooms')).toContain('appears 0 time(s)');
    expect(listedProblem('R1', known, 2, 'listRooms')).toContain('appears 2 time(s)');
  });
});
