import { nounOf, resources, type OpenApiDocument, type ResourceInfo } from '@roomkit/openapi';
import type { Placeholder, Reproduction, ReproductionStep } from '../checks/types.js';
import type { Exchange } from '../http/exchange.js';
import type { ResourceLedger } from '../safety/ledger.js';

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
        note: `create the ${nounOf(doc, resource.name).one} the case uses (the run made it earlier)`,
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
