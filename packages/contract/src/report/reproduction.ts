import type { ReproductionStep } from '../checks/types.js';

/** Text inside a double-quoted shell word: `${VAR}` references stay live, everything else literal. */
function quoted(text: string): string {
  return `"${text
    .split(/(\$\{(?:ROOMKIT_[A-Z_]+|ID_\d+)\})/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/(["\\`$])/g, '\\$1')))
    .join('')}"`;
}

/** The steps as a shell script of curls; the variables it needs are checked first. */
export function reproductionScript(steps: readonly ReproductionStep[], title: string): string {
  const needed = [
    ...new Set([
      'ROOMKIT_BASE_URL',
      ...steps.flatMap((s) => [...JSON.stringify(s).matchAll(/\$\{(ROOMKIT_[A-Z_]+)\}/g)].map((m) => m[1]!)),
    ]),
  ];
  const lines = [
    '#!/bin/sh',
    `# ${title}`,
    '# Set the variables below, then run this script; it sends the requests in order and prints each answer.',
    'set -eu',
    ...needed.map((name) => `: "\${${name}:?set ${name}}"`),
    `id_of() { sed -n 's/.*"id"[[:space:]]*:[[:space:]]*"\\([^"]*\\)".*/\\1/p' | head -n 1; }`,
    '',
  ];
  steps.forEach((step, index) => {
    const parts = [
      'curl',
      '-sS',
      ...(step.saveAs === undefined ? ['-i'] : []),
      '-X',
      step.method,
      quoted(`\${ROOMKIT_BASE_URL}${step.path}`),
    ];
    for (const [name, value] of Object.entries(step.headers)) parts.push('-H', quoted(`${name}: ${value}`));
    if (step.body !== undefined) parts.push('--data-raw', quoted(step.body));
    lines.push(`# ${index + 1}. ${step.note}${step.answered === undefined ? '' : ` (the run got ${step.answered})`}`);
    lines.push(step.saveAs === undefined ? parts.join(' ') : `${step.saveAs}=$(${parts.join(' ')} | id_of)`);
    if (step.saveAs !== undefined) lines.push(`echo "${step.saveAs}=\${${step.saveAs}}"`);
    lines.push('');
  });
  return `${lines.join('\n')}\n`;
}
