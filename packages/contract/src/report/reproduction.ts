import { resources, type OpenApiDocument, type ResourceInfo } from '@roomkit/openapi';
import type { Exchange } from '../http/exchange.js';
import type { ResourceLedger } from '../safety/ledger.js';

/** One request of a reproduction, with the run's ids as `${ID_n}` and what comes from the environment as `${ROOMKIT_…}`. */
export interface ReproductionStep {
  /** Why the step is there. */
  note: string;
  method: string;
  /** Path and query after the base URL. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** A create: the variable its answered id is saved in, for the steps after it. */
  saveAs?: string;
  /** The status the target answered when the run sent it (absent for steps the run made outside this case). */
  answered?: number;
}

export interface Reproduction {
  /** The requests in order, from an empty start: the creates the case needs, then the case up to the failing request. */
  steps: ReproductionStep[];
  /** The same steps as a POSIX shell script of curls (set the variables it names first). */
  script?: string;
}

/** A value the reproduction takes from the environment instead of printing (an organization id). */
export interface Placeholder {
  value: string;
  env: string;
}

export interface ReproductionInput {
  doc: OpenApiDocument;
  ledger: ResourceLedger;
  baseUrl: string;
  /** The case's exchanges before the failing one, in order, and the failing one. */
  trial: readonly Exchange[];
  failing?: Exchange;
  placeholders: readonly Placeholder[];
}

function relative(baseUrl: string, url: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return url.startsWith(base) ? url.slice(base.length) || '/' : url;
}

/**
 * The whole reproduction of a violation: every id the case's requests name that the run created
 * is bound to a variable, created by the step that created it in the case, or by a create added
 * in front (with its ancestors) when the run made it earlier, outside the case.
 */
export function buildReproduction(input: ReproductionInput): Reproduction {
  const { ledger, doc } = input;
  const all = resources(doc);
  const readBacks = new Set(
    input.trial.map((e) => e.ownership?.readBack?.seq).filter((seq): seq is number => seq !== undefined),
  );
  const exchanges = [...input.trial, ...(input.failing === undefined ? [] : [input.failing])]
    .filter((e, i, list) => list.findIndex((o) => o.seq === e.seq) === i && !readBacks.has(e.seq))
    .sort((a, b) => a.seq - b.seq);
  const variables = new Map<string, string>();
  const createdBy = new Map<string, number>();
  exchanges.forEach((e, index) => {
    const id = e.ownership?.verdict === 'own' ? e.ownership.id : e.ownership?.recoveredId;
    if (id !== undefined) createdBy.set(id, index);
  });
  const prefix: ReproductionStep[] = [];
  const variableOf = (id: string): string => {
    const known = variables.get(id);
    if (known !== undefined) return known;
    const name = `ID_${variables.size + 1}`;
    variables.set(id, name);
    if (!createdBy.has(id)) prefix.push(...setupFor(id, name));
    return name;
  };
  /** Creates of a resource the run made outside the case, after those of its ancestors. */
  const setupFor = (id: string, name: string): ReproductionStep[] => {
    const owned = ledger.get(id);
    const resource: ResourceInfo | undefined = owned === undefined ? undefined : all[owned.collection];
    if (owned === undefined || resource === undefined) return [];
    const path = pathOfOperation(doc, resource.operations.create);
    if (path === undefined) return [];
    let parent: string | undefined;
    if (owned.parentId !== undefined) {
      parent = ledger.get(owned.parentId) === undefined ? owned.parentId : `\${${variableOf(owned.parentId)}}`;
    }
    return [
      {
        note: `create the ${resource.name} item the case uses (the run made it earlier)`,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...(owned.name === undefined ? {} : { name: owned.name }),
          ...(parent === undefined ? {} : { [resource.parent.field]: parent }),
        }),
        saveAs: name,
      },
    ];
  };
  const substitute = (text: string): string => {
    let out = text;
    for (const [id, name] of variables)
      out = out.split(encodeURIComponent(id)).join(`\${${name}}`).split(id).join(`\${${name}}`);
    for (const p of input.placeholders) if (p.value !== '') out = out.split(p.value).join(`\${${p.env}}`);
    return out;
  };
  // Bind every run-created id the case's requests name, in order of first use.
  for (const e of exchanges) {
    const text = `${decodeURIComponent(e.request.url)} ${e.request.body ?? ''}`;
    for (const owned of ledger.ids()) if (text.includes(owned)) variableOf(owned);
  }
  const caseSteps = exchanges.map((e, index): ReproductionStep => {
    const created = [...createdBy].find(([, at]) => at === index)?.[0];
    const failing = input.failing !== undefined && e.seq === input.failing.seq;
    return {
      note: failing ? 'the failing request' : `request ${index + 1} of the case`,
      method: e.request.method,
      path: substitute(relative(input.baseUrl, e.request.url)),
      headers: Object.fromEntries(Object.entries(e.request.headers).map(([k, v]) => [k, substitute(v)])),
      ...(e.request.body === undefined ? {} : { body: substitute(e.request.body) }),
      ...(created !== undefined && variables.has(created) ? { saveAs: variables.get(created)! } : {}),
      ...(e.response === undefined ? {} : { answered: e.response.status }),
    };
  });
  const setup = prefix.map((step) => ({
    ...step,
    ...(step.body === undefined ? {} : { body: substitute(step.body) }),
  }));
  return { steps: [...setup, ...caseSteps] };
}

function pathOfOperation(doc: OpenApiDocument, operationId: string | undefined): string | undefined {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, { operationId?: string }>)) {
      if (operation?.operationId === operationId) return path;
    }
  }
  return undefined;
}

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
