import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, main } from '../src/cli.js';
import { SEED } from './faults.js';
import { startSandbox, type RunningSandbox } from './support.js';

async function run(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const credentials = (s: RunningSandbox, second = false): Record<string, string> => ({
  ROOMKIT_TOKEN: s.hospitality.token,
  ...(second ? { ROOMKIT_SECOND_TOKEN: s.hospitality.secondToken! } : {}),
});

/** Stateful faults of each kind, the rule whose violation must replay, and (when not the default) the property that found it. */
const CASES: Array<{ fault: string; rule: string; second?: boolean; runs?: number; property?: string }> = [
  { fault: 'names-unique-per-room-type-only', rule: 'room-name-unique-per-property' },
  { fault: 'pagination-skips-item', rule: 'pagination-every-item-once' },
  { fault: 'hierarchy-deletes-non-empty-property', rule: 'property-delete-requires-empty' },
  { fault: 'tenancy-cross-organization-write', rule: 'tenancy-isolation', second: true },
  {
    fault: 'hierarchy-update-not-persisted',
    rule: 'model-conformance',
    property: 'model-based',
    runs: 20,
  },
];

describe('roomkit replay: a reported violation reproduces on the faulty target, and not on a correct one', () => {
  for (const { fault, rule, second, runs, property } of CASES) {
    it(`${fault} (${rule}${property === undefined ? '' : `, found by ${property}`})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'roomkit-replay-'));
      const file = join(dir, 'report.json');
      const found = await startSandbox({ faults: [fault] });
      const t = found.hospitality;
      const targetArgs = [
        '--organization-id',
        t.organizationId,
        ...(second ? ['--second-organization-id', t.secondOrganizationId!] : []),
      ];
      try {
        const verified = await run(
          [
            'verify',
            'hospitality',
            '--base-url',
            t.baseUrl,
            ...targetArgs,
            '--runs',
            String(runs ?? 4),
            '--seed',
            String(SEED),
            '--checks',
            property ?? rule,
            '--json',
            file,
            '--quiet',
          ],
          credentials(found, second),
        );
        expect(verified.code, verified.out + verified.err).toBe(EXIT.violations);
      } finally {
        await found.sandbox.close();
      }
      const report = JSON.parse(readFileSync(file, 'utf8')) as {
        violations: Array<{
          name: string;
          property: string;
          alsoFoundBy?: string[];
          replay: { report: string };
          reproduction: { steps: Array<{ saveAs?: string }>; script: string };
        }>;
      };
      const index = report.violations.findIndex(
        (v) => v.name === rule && (property === undefined || v.property === property),
      );
      expect(index, JSON.stringify(report.violations.map((v) => v.name))).toBeGreaterThanOrEqual(0);
      const violation = report.violations[index]!;
      expect(violation.replay.report).toBe(`pnpm -s roomkit replay ${file} --violation ${index + 1}`);

      // The reproduction starts from nothing: it creates what it names, then sends the case.
      expect(violation.reproduction.steps.length).toBeGreaterThan(1);
      expect(violation.reproduction.steps[0]!.saveAs).toMatch(/^ID_\d+$/);
      expect(violation.reproduction.script).toMatch(/^#!\/bin\/sh\n/);
      expect(violation.reproduction.script).toContain(': "${ROOMKIT_TOKEN:?set ROOMKIT_TOKEN}"');
      expect(violation.reproduction.script).not.toContain(t.token);
      const script = join(dir, 'reproduce.sh');
      writeFileSync(script, violation.reproduction.script);
      execFileSync('sh', ['-n', script]); // valid shell

      // Replayed on a fresh sandbox with the same fault: reproduced; on a correct sandbox: not.
      for (const [faults, expected, verdict] of [
        [[fault], EXIT.violations, /^reproduced: /m],
        [[], EXIT.conforms, /^not reproduced: /m],
      ] as const) {
        const target = await startSandbox({ faults: [...faults] });
        try {
          const replay = await run(
            ['replay', file, '--violation', String(index + 1), '--base-url', target.hospitality.baseUrl],
            credentials(target, second),
          );
          expect(replay.code, replay.out + replay.err).toBe(expected);
          expect(replay.out).toMatch(verdict);
          expect(replay.out).not.toContain(target.hospitality.token);
        } finally {
          await target.sandbox.close();
        }
      }
    }, 600_000);
  }
});

describe('--keep-failing', () => {
  it('leaves the resources of failing cases in place, listed with the command that removes them later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomkit-keep-'));
    const sandbox = await startSandbox({ faults: ['names-unique-per-room-type-only'] });
    const t = sandbox.hospitality;
    try {
      const ledger = join(dir, 'ledger.json');
      const verified = await run(
        [
          'verify',
          'hospitality',
          '--base-url',
          t.baseUrl,
          '--organization-id',
          t.organizationId,
          '--runs',
          '2',
          '--seed',
          String(SEED),
          '--checks',
          'room-name-unique-per-property',
          '--keep-failing',
          '--ledger',
          ledger,
          '--quiet',
        ],
        credentials(sandbox),
      );
      expect(verified.code).toBe(EXIT.violations);
      expect(verified.out).toMatch(/kept \d+ resource\(s\) of failing cases in place \(--keep-failing\):/);
      expect(verified.out).toContain(`pnpm -s roomkit cleanup --ledger ${ledger}`);
      const kept = (
        JSON.parse(readFileSync(ledger, 'utf8')) as { leftovers: Array<{ collection: string; id: string }> }
      ).leftovers;
      expect(kept.length).toBeGreaterThan(0);
      const read = async (k: { collection: string; id: string }) =>
        (
          await fetch(`${t.baseUrl}/enterprise/hospitality/v1/${k.collection}/${k.id}`, {
            headers: { authorization: `Bearer ${t.token}` },
          })
        ).status;
      for (const k of kept) expect(await read(k)).toBe(200);
      const cleaned = await run(['cleanup', '--ledger', ledger], credentials(sandbox));
      expect(cleaned.code, cleaned.out).toBe(EXIT.conforms);
      for (const k of kept) expect(await read(k)).toBe(404);
    } finally {
      await sandbox.sandbox.close();
    }
  }, 600_000);
});
