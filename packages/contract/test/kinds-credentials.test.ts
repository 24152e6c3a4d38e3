import { loadSpec } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { authenticationRule, refusesCredentials, unauthenticatedVerdict } from '../src/kinds/authentication.js';
import { credentialPartsRule, partVerdict } from '../src/kinds/credential-parts.js';
import { withRule } from './kinds-support.js';

const hospitality = loadSpec('hospitality');
const roomRetrieve = loadSpec('room-retrieve');

describe('the authentication kind: its status from the spec, and a verdict', () => {
  it("reads each spec's rule and status", () => {
    for (const doc of [hospitality, roomRetrieve]) {
      expect(authenticationRule(doc).kind).toBe('authentication');
      expect(typeof authenticationRule(doc).status).toBe('number');
    }
  });
  it("a request without valid credentials answered with the rule's status keeps it; any other status breaks it", () => {
    const expected = authenticationRule(hospitality).status;
    expect(unauthenticatedVerdict(hospitality, expected)).toBe(undefined);
    expect(unauthenticatedVerdict(hospitality, undefined)).toBe(undefined);
    expect(unauthenticatedVerdict(hospitality, expected + 2)).toEqual({ expected });
    expect(unauthenticatedVerdict(hospitality, 200)).toEqual({ expected });
  });
  it('follows the spec: another status in the entry is another verdict', () => {
    const entry = Object.entries(hospitality['x-roomkit-rules'] as Record<string, { kind: string }>).find(
      ([, r]) => r.kind === 'authentication',
    )![0];
    const changed = withRule(hospitality, entry, (rule) => ({ ...rule, status: 403 }));
    expect(unauthenticatedVerdict(changed, 403)).toBe(undefined);
    expect(refusesCredentials(changed, 403)).toBe(true);
    expect(refusesCredentials(changed, authenticationRule(hospitality).status)).toBe(false);
    expect(refusesCredentials(changed, undefined)).toBe(false);
  });
});

describe('the credential-parts kind: its status from the spec, and a verdict', () => {
  it('Room Retrieve declares it (app-id with Authorization); its status is read from the spec', () => {
    expect(typeof credentialPartsRule(roomRetrieve)?.status).toBe('number');
  });
  it('a missing or wrong part that is let in, or refused with another status, breaks it; 5xx and no answer are left to the checks', () => {
    const expected = credentialPartsRule(roomRetrieve)!.status;
    expect(partVerdict(roomRetrieve, expected)).toBe(undefined);
    expect(partVerdict(roomRetrieve, 200)).toEqual({ verdict: 'accepted', expected: String(expected) });
    expect(partVerdict(roomRetrieve, expected === 400 ? 403 : 400)).toEqual({
      verdict: 'wrong-status',
      expected: String(expected),
    });
    expect(partVerdict(roomRetrieve, 500)).toBe(undefined);
    expect(partVerdict(roomRetrieve, undefined)).toBe(undefined);
  });
  it('a spec without the rule has no verdict', () => {
    const entry = Object.entries(roomRetrieve['x-roomkit-rules'] as Record<string, { kind: string }>).find(
      ([, r]) => r.kind === 'credential-parts',
    )![0];
    expect(partVerdict(withRule(roomRetrieve, entry, undefined), 200)).toBe(undefined);
  });
});
