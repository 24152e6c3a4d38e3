import type { VerifyReport } from './types.js';

function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** JUnit XML: one test case per property; its violations are the failure text. */
export function formatJunit(report: VerifyReport): string {
  const cases = report.properties.map((p) => {
    const found = report.violations.filter((v) => v.property === p.name);
    const attrs = `classname="roomkit.${escapeXml(report.api)}" name="${escapeXml(p.name)}" time="${(p.durationMs / 1000).toFixed(3)}"`;
    if (p.status === 'skipped')
      return `    <testcase ${attrs}><skipped message="${escapeXml(p.reason ?? '')}"/></testcase>`;
    if (p.status === 'error')
      return `    <testcase ${attrs}><error message="property crashed">${escapeXml(p.reason ?? '')}</error></testcase>`;
    if (p.status === 'incomplete' && found.length === 0)
      return `    <testcase ${attrs}><error message="${escapeXml(`did not finish: ${p.reason ?? ''}`)}" type="incomplete"/></testcase>`;
    if (found.length === 0) return `    <testcase ${attrs}/>`;
    const text = found
      .map((v) =>
        [
          `[${v.kind} ${v.name}] ${v.message}`,
          `spec: ${v.location}`,
          v.exchange?.curl === undefined ? '' : `curl: ${v.exchange.curl}`,
          `seed: ${v.seed}${v.path === undefined ? '' : ` path: ${v.path}`}`,
        ]
          .filter(Boolean)
          .join('\n'),
      )
      .join('\n\n');
    const names = [...new Set(found.map((v) => v.name))].join(', ');
    return `    <testcase ${attrs}><failure message="${escapeXml(`${found.length} violation(s): ${names}`)}" type="${escapeXml(names)}">${escapeXml(text)}</failure></testcase>`;
  });
  const failures = report.properties.filter((p) => p.status === 'failed').length;
  const errors = report.properties.filter(
    (p) => p.status === 'error' || (p.status === 'incomplete' && !report.violations.some((v) => v.property === p.name)),
  ).length;
  const skipped = report.properties.filter((p) => p.status === 'skipped').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="roomkit verify" tests="${report.properties.length}" failures="${failures}" errors="${errors}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="roomkit verify ${escapeXml(report.api)} ${escapeXml(report.baseUrl)}" tests="${report.properties.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" timestamp="${report.startedAt}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `    <properties><property name="seed" value="${report.seed}"/><property name="runs" value="${report.runs}"/><property name="requests" value="${report.requests}"/></properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The JSON report: the whole run, violations with their exchanges and curl commands. */
export function formatJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
