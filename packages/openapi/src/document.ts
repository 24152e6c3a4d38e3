import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ApiName = 'hospitality' | 'room-retrieve';
export const apiNames: readonly ApiName[] = ['hospitality', 'room-retrieve'];

/** A JSON Schema (2020-12) as it appears in the bundled OpenAPI 3.1 document. */
export type JsonSchema = { [keyword: string]: unknown } | boolean;

/** The bundled OpenAPI 3.1 document. Kept loose on purpose: readers below give typed views. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}

// Both src/ (tests) and dist/ (built) sit one level below the package root.
const distDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

export function isApiName(value: string): value is ApiName {
  return (apiNames as readonly string[]).includes(value);
}

/** Absolute path of the bundled single-file spec (input for Prism, openapi-typescript, Redocly). */
export function bundledSpecPath(api: ApiName): string {
  if (!isApiName(api)) {
    throw new Error(`Unknown API "${String(api)}": expected one of ${apiNames.join(', ')}.`);
  }
  return resolve(distDir, `${api}.json`);
}

const cache = new Map<ApiName, OpenApiDocument>();

/** The parsed bundled document, read once per process. Treat it as read-only. */
export function loadSpec(api: ApiName): OpenApiDocument {
  let doc = cache.get(api);
  if (!doc) {
    const file = bundledSpecPath(api);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new Error(`Bundled spec ${file} is missing: run "pnpm bundle" (or "pnpm build") first.`);
    }
    doc = JSON.parse(text) as OpenApiDocument;
    cache.set(api, doc);
  }
  return doc;
}

/** Escapes one JSON Pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Resolves a local `#/...` JSON Pointer against the document. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#')) throw new Error(`Only local references are supported, got "${pointer}".`);
  const parts = pointer.slice(1).split('/').slice(1);
  let node: unknown = doc;
  for (const raw of parts) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in (node as object))) {
      throw new Error(`Reference "${pointer}" does not resolve in the bundled spec.`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Follows `$ref` chains of a (non-schema) OpenAPI object; returns the target and its pointer. */
export function deref<T = Record<string, unknown>>(
  doc: unknown,
  node: unknown,
  pointer: string,
): { value: T; pointer: string } {
  let current = node;
  let at = pointer;
  const seen = new Set<string>();
  while (current && typeof current === 'object' && typeof (current as { $ref?: unknown }).$ref === 'string') {
    const ref = (current as { $ref: string }).$ref;
    if (seen.has(ref)) throw new Error(`Circular reference "${ref}" in the bundled spec.`);
    seen.add(ref);
    at = ref;
    current = resolvePointer(doc, ref);
  }
  return { value: current as T, pointer: at };
}
