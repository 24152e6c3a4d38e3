import type { Violation } from '../checks/types.js';
import { baselineMark, baselineSummary, describeEntry } from './baseline-text.js';
import type { VerifyReport } from './types.js';

function escapeXml(text: string): string {
  return (
    text
      // XML 1.0 forbids exactly these C0 control characters (tab, LF and CR are allowed), so the pattern must name them.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** The violations a property found: its own, and those it found too ("also found by"). */
export function violationsOf(report: VerifyReport, property: string): Violation[] {
  return report.violations.filter((v) => v.property === property || (v.alsoFoundBy ?? []).includes(property));
}

/**
 * JUnit XML: one test case per property; its violations (its own and those it also found) are
 * the failure text. The counts are counted from the test cases written, so `failures` is the
 * number of `<failure>` elements and agrees with the terminal and the JSON report.
 */
export function formatJunit(report: VerifyReport): string {
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const cases = report.properties.map((p) => {
    const found = violationsOf(report, p.name);
    const attrs = `classname="roomkit.${escapeXml(report.api)}" name="${escapeXml(p.name)}" time="${(p.durationMs / 1000).toFixed(3)}"`;
    if (found.length > 0) {
      failures += 1;
      const text = found
        .map((v) =>
          [
            `${baselineMark(v)}[${v.kind} ${v.name}] ${v.message}`,
            `spec: ${v.location}`,
            v.exchange?.curl === undefined ? '' : `curl: ${v.exchange.curl}`,
            `seed: ${v.seed}${v.path === undefined ? '' : ` path: ${v.path}`}`,
          ]
            .filter(Boolean)
            .join('\n'),
        )
        .join('\n\n');
      const names = [...new Set(found.map((v) => v.name))].join(', ');
      const known = found.filter((v) => v.baseline === 'known').length;
      const count = report.baseline === undefined ? '' : ` (${found.length - known} new, ${known} known)`;
      return `    <testcase ${attrs}><failure message="${escapeXml(`${found.length} violation(s)${count}: ${names}`)}" type="${escapeXml(names)}">${escapeXml(text)}</failure></testcase>`;
    }
    if (p.status === 'skipped') {
      skipped += 1;
      return `    <testcase ${attrs}><skipped message="${escapeXml(p.reason ?? '')}"/></testcase>`;
    }
    if (p.status === 'error' || p.status === 'incomplete' || p.status === 'failed') {
      errors += 1;
      const message = p.status === 'error' ? 'property crashed' : `did not finish: ${p.reason ?? ''}`;
      return `    <testcase ${attrs}><error message="${escapeXml(message)}" type="${p.status}">${escapeXml(p.reason ?? '')}</error></testcase>`;
    }
    return `    <testcase ${attrs}/>`;
  });
  const time = (report.durationMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="roomkit verify" tests="${report.properties.length}" failures="${failures}" errors="${errors}" time="${time}">`,
    `  <testsuite name="roomkit verify ${escapeXml(report.api)} ${escapeXml(report.baseUrl)}" tests="${report.properties.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" timestamp="${report.startedAt}" time="${time}">`,
    `    <properties><property name="seed" value="${report.seed}"/><property name="runs" value="${report.runs}"/><property name="requests" value="${report.requests}"/><property name="result" value="${report.result}"/>${report.baseline === undefined ? '' : `<property name="baseline" value="${escapeXml(baselineSummary(report.baseline))}"/>`}</properties>`,
    ...cases,
    ...(report.baseline === undefined || report.baseline.fixed.length === 0
      ? []
      : [
          `    <system-out>${escapeXml(['fixed since the baseline (in it, not seen in this run):', ...report.baseline.fixed.map((e) => `  ${describeEntry(e)}`)].join('\n'))}</system-out>`,
        ]),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The JSON report: the whole run, violations with their exchanges and curl commands. */
export function formatJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
