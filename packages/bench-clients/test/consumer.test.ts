import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsumer, type ClientPackage, type ConsumerCheck } from '../src/index.js';

const clients: [ClientPackage, string][] = [
  ['@roomkit/hospitality-client', 'createHospitalityClient'],
  ['@roomkit/room-retrieve-client', 'createRoomRetrieveClient'],
];

describe.each(clients)('%s, packed and installed in an empty project', (name, entry) => {
  let check: ConsumerCheck;
  beforeAll(async () => {
    check = await checkConsumer(name, entry);
  });
  afterAll(() => check?.cleanup());

  it('leaves no workspace: range in the published manifest, and openapi-fetch as its only dependency', () => {
    expect(JSON.stringify(check.manifest)).not.toContain('workspace:');
    expect(Object.keys(check.manifest.dependencies ?? {})).toEqual(['openapi-fetch']);
  });

  it('is publint --strict clean', () => {
    expect(check.publintMessages).toEqual([]);
  });

  it('installs from the tarball with its dependencies from the registry, without @roomkit/openapi', () => {
    expect(check.installed).toContain(name);
    expect(check.installed).toContain('openapi-fetch');
    expect(check.installed.filter((p) => p.startsWith('@roomkit/'))).toEqual([name]);
  });

  it('type-checks its README example (and its own .d.ts files) with tsc', () => {
    expect(check.typeErrors).toBe('');
  });

  it('imports at run time as ESM', () => {
    expect(check.runtimeExport).toBe('function');
  });
});
