import { describe, expect, it } from 'vitest';
import { formatJson, formatJunit } from '../src/report/junit.js';
import { formatTerminal } from '../src/report/terminal.js';
import { verify } from '../src/verify.js';
import { SEED } from './faults.js';
import { startSandbox } from './support.js';

/** Faults whose violations several properties find (merged as "also found by") or that fail many at once. */
const CASES = [
  'names-accepts-space',
  'hierarchy-update-not-persisted',
  'headers-no-request-id',
  'rr-adults-exceed-guests',
];

describe('one verdict in every format: terminal, JSON and JUnit agree', () => {
  for (const fault of CASES) {
    it(
      fault,
      async () => {
        const running = await startSandbox({ faults: [fault] });
        try {
          const target = fault.startsWith('rr-') ? running.roomRetrieve : running.hospitality;
          const report = await verify({ target, runs: 3, seed: SEED });
          const terminal = formatTerminal(report);
          const json = JSON.parse(formatJson(report)) as typeof report;
          const junit = formatJunit(report);
          expect(report.violations.length, terminal).toBeGreaterThan(0);

          // The same properties fail.
          const failedInTerminal = [...terminal.matchAll(/^ {2}✘ (\S+(?: \S+)?)\s{2,}/gm)]
            .map((m) => m[1]!.trim())
            .sort();
          const failedInJson = json.properties
            .filter((p) => p.status === 'failed')
            .map((p) => p.name)
            .sort();
          const failedInJunit = [...junit.matchAll(/<testcase [^>]*name="([^"]+)"[^>]*><failure /g)]
            .map((m) => m[1]!)
            .sort();
          expect(failedInJson).toEqual(failedInTerminal);
          expect(failedInJunit).toEqual(failedInJson);

          // failures counts the <failure> elements; the verdicts agree.
          const failures = Number(/<testsuite [^>]*failures="(\d+)"/.exec(junit)![1]);
          expect(failures).toBe((junit.match(/<failure /g) ?? []).length);
          expect(failures).toBe(failedInJson.length);
          expect(/<property name="result" value="(\w+)"/.exec(junit)![1]).toBe(json.result);
          expect(terminal).toContain(`result: ${json.violations.length} violation(s)`);

          // One root cause is one violation: no two share a name, operation and spec location.
          const keys = json.violations.map((v) => `${v.name}|${v.operationId ?? ''}|${v.location}`);
          expect(new Set(keys).size).toBe(keys.length);
          // Each violation is listed once in the terminal, under every property that found it in JUnit.
          for (const v of json.violations) {
            for (const property of [v.property, ...(v.alsoFoundBy ?? [])]) {
              const testcase = new RegExp(
                `<testcase [^>]*name="${property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*><failure [^>]*>[^<]*\\[${v.kind} ${v.name}\\]`,
              );
              expect(junit, `${v.name} under ${property}`).toMatch(testcase);
            }
          }
        } finally {
          await running.sandbox.close();
        }
      },
      120_000,
    );
  }
});
