import type { Diff } from 'api-smart-diff';
import { deref, type OpenApiDocument } from '@roomkit/openapi';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null;

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** `Data[].configuration.rooms[].type` from a schema path (properties / items / combinators). */
export function fieldPath(schemaPath: readonly (string | number)[]): string {
  let out = '';
  for (let i = 0; i < schemaPath.length; i++) {
    const segment = schemaPath[i];
    if (segment === 'properties' && i + 1 < schemaPath.length) {
      out += `${out ? '.' : ''}${String(schemaPath[++i])}`;
    } else if (segment === 'items') {
      out += '[]';
    }
  }
  return out;
}

function operationLabel(doc: OpenApiDocument, path: string, method: string): string {
  const op = doc.paths[path]?.[method];
  const id = isObj(op) && typeof op.operationId === 'string' ? ` (${op.operationId})` : '';
  return `${method.toUpperCase()} ${path}${id}`;
}

/**
 * The parameter at `index` of an operation as api-smart-diff numbers them: the operation's own
 * parameters, then the path item's (which the library copies into each operation).
 */
function parameterAt(doc: OpenApiDocument, path: string, method: string, index: number): Obj | undefined {
  const item = doc.paths[path];
  const own = isObj(item?.[method]) ? (((item[method] as Obj).parameters as unknown[] | undefined) ?? []) : [];
  const shared = (item?.parameters as unknown[] | undefined) ?? [];
  const param = index < own.length ? own[index] : shared[index - own.length];
  if (!isObj(param)) return undefined;
  return isObj(param) && typeof param.$ref === 'string' ? (deref(doc, param, param.$ref).value as Obj) : param;
}

function parameterLabel(doc: OpenApiDocument, diff: Diff, path: string, method: string, index: number): string {
  const value = diff.path.length === 5 ? (diff.action === 'add' ? diff.after : diff.before) : undefined;
  const param = isObj(value) && typeof value.name === 'string' ? value : parameterAt(doc, path, method, index);
  return param ? `${String(param.in)} parameter \`${String(param.name)}\`` : `parameter #${index}`;
}

/** Where in the API the change is, in words: operation, then parameter / request body / response, then field. */
function location(doc: OpenApiDocument, diff: Diff): string {
  const [root, path, method, area, ...rest] = diff.path;
  if (root !== 'paths' || typeof path !== 'string') return diff.path.slice(0, 4).join('/');
  if (method === undefined) return `path ${path}`;
  const parts = [operationLabel(doc, path, String(method))];
  let schemaPath: (string | number)[] = [];
  if (area === 'parameters' && typeof rest[0] === 'number') {
    parts.push(parameterLabel(doc, diff, path, String(method), rest[0]));
    schemaPath = rest.slice(2);
  } else if (area === 'requestBody') {
    parts.push('request body');
    schemaPath = rest.slice(3);
  } else if (area === 'responses' && rest[0] !== undefined) {
    parts.push(`response ${String(rest[0])}`);
    schemaPath = rest.slice(4);
  } else if (area !== undefined && area !== 'deprecated') {
    parts.push(String(area));
  }
  const field = fieldPath(schemaPath);
  if (field) parts.push(`field \`${field}\``);
  return parts.join(', ');
}

const kindWords: Record<string, (diff: Diff) => string> = {
  'enum-value-added': (d) => `enum value ${show(d.after)} added`,
  'enum-value-removed': (d) => `enum value ${show(d.before)} removed`,
  'type-changed': (d) => `type changed from ${show(d.before)} to ${show(d.after)}`,
  'bound-narrowed': (d) => `${String(d.path.at(-1))} narrowed from ${show(d.before)} to ${show(d.after)}`,
  'bound-widened': (d) => `${String(d.path.at(-1))} widened from ${show(d.before)} to ${show(d.after)}`,
  'field-required': (d) => `field \`${String(d.after)}\` now required`,
  'field-optional': (d) => `field \`${String(d.before)}\` no longer required`,
  deprecated: (d) => (d.after === true ? 'deprecated' : 'no longer deprecated'),
};

/** One sentence a reader can act on: where, then what. */
export function describeChange(diff: Diff, kind: string, doc: OpenApiDocument): string {
  const words =
    kindWords[kind]?.(diff) ??
    `${kind.replace(/-/g, ' ')}${diff.action === 'replace' ? `: ${show(diff.before)} → ${show(diff.after)}` : ''}`;
  return `${location(doc, diff)}: ${words}`;
}
