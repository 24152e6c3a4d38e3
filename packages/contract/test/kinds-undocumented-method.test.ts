import { getOperation, listOperations, loadSpec } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { allowVerdict, undocumentedMethodProbes, undocumentedMethodRules } from '../src/kinds/undocumented-method.js';

const doc = loadSpec('room-retrieve');
const [rule] = undocumentedMethodRules(doc);

describe('the undocumented-method kind', () => {
  it("reads the rule: the status and the header that lists a path's methods", () => {
    expect(rule).toMatchObject({ kind: 'undocumented-method', header: 'Allow' });
    expect(rule!.status).toBe(405);
  });
  it('probes only with a method that cannot change data, on paths without parameters that do not document it', () => {
    const probes = undocumentedMethodProbes(listOperations(doc));
    expect(probes).toEqual([{ path: getOperation(doc, 'retrieveRooms').path, method: 'GET', documented: ['POST'] }]);
    expect(undocumentedMethodProbes(listOperations(loadSpec('hospitality'))).every((p) => !p.path.includes('{'))).toBe(
      true,
    );
  });
  it('the status, then the header: present, listing every documented method, never the refused one', () => {
    const judge = (status: number, header: string | undefined) =>
      allowVerdict(rule!, { status, header }, 'GET', ['POST']);
    expect(judge(405, 'POST')).toBe(undefined);
    expect(judge(405, ' post , OPTIONS')).toBe(undefined);
    expect(judge(404, 'POST')).toEqual({ kind: 'status' });
    expect(judge(405, undefined)).toEqual({ kind: 'header', problem: 'without Allow' });
    expect(judge(405, 'PUT')).toMatchObject({ kind: 'header', problem: expect.stringContaining('leaves out POST') });
    expect(judge(405, 'GET, POST')).toMatchObject({
      kind: 'header',
      problem: expect.stringContaining('lists the method it refused'),
    });
  });
});
