// Edits that several perturbations make to a request's issues or to an answer.
import { readPath } from '@roomkit/http-runtime';
import type { Hooks, Outgoing, ResponseContext, ValidationIssue } from '../hooks.js';

/** Where @roomkit/openapi's requestBody validation reports a problem with the body's name. */
const NAME_PATH = '/body/name';

export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isSuccess(res: Outgoing): boolean {
  return res.status >= 200 && res.status < 300;
}

/** Copy-on-write: perturbations never mutate bodies that may be shared (fixtures). */
export function withBody(res: Outgoing, edit: (body: unknown) => void): Outgoing {
  const body = structuredClone(res.body);
  edit(body);
  return { ...res, body };
}

export function isLastListPage(res: Outgoing, ctx: ResponseContext): boolean {
  return (
    ctx.action === 'list' && isSuccess(res) && ctx.list !== undefined && readPath(res.body, ctx.list.nextToken) == null
  );
}

/** Waives the name's issues of one keyword when the name, repaired, would have none. */
export function dropNameIssue(
  issues: ValidationIssue[],
  ctx: Parameters<Hooks['requestIssues']>[1],
  keyword: string,
  repair: (name: string) => string,
): ValidationIssue[] {
  if (ctx.in !== 'body' || !isJsonObject(ctx.data) || typeof ctx.data.name !== 'string') return issues;
  const nameIssues = issues.filter((i) => i.path === NAME_PATH);
  if (nameIssues.length === 0 || !nameIssues.every((i) => i.keyword === keyword)) return issues;
  const repaired = repair(ctx.data.name);
  if (repaired.length === 0) return issues;
  const again = ctx.revalidate({ ...ctx.data, name: repaired }).filter((i) => i.path === NAME_PATH);
  return again.length === 0 ? issues.filter((i) => i.path !== NAME_PATH) : issues;
}

function numericId(id: string): number {
  // A stable number per id, as a vendor that stores integer keys would send it.
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) % 2_147_483_647;
  return h;
}

export function idsToNumbers(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(idsToNumbers);
  } else if (isJsonObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && /(^id|Id)$/.test(key)) value[key] = numericId(v);
      else idsToNumbers(v);
    }
  }
}

export function addExtraFields(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(addExtraFields);
  } else if (isJsonObject(value)) {
    for (const v of Object.values(value)) addExtraFields(v);
    value['sandboxExtra'] = 'fields a client must ignore';
  }
}

/** The occupancy with the fewest guests: raising a maximum to it stays inside the schema. */
export function smallestOccupancy(body: unknown): Record<string, number> | undefined {
  const data = isJsonObject(body) ? body.Data : undefined;
  let found: Record<string, number> | undefined;
  for (const unit of Array.isArray(data) ? data : []) {
    const occ = unit?.configuration?.occupancy;
    if (isJsonObject(occ) && typeof occ.max_guests === 'number' && (!found || occ.max_guests < found.max_guests!)) {
      found = occ as Record<string, number>;
    }
  }
  return found;
}

/** A response perturbation that edits a copy of a successful Room Retrieve body. */
export function onRetrievedUnits(edit: (body: unknown) => void): Hooks['response'] {
  return (res, ctx) => (ctx.action === 'retrieve' && isSuccess(res) ? withBody(res, edit) : res);
}
