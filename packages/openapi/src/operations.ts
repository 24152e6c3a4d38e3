import { deref, pointerSegment, type JsonSchema, type OpenApiDocument } from './document.js';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';
const methods: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export interface ParameterInfo {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  /** JSON Pointer of the parameter's schema in the bundled document. */
  schemaPointer: string;
}

export interface HeaderInfo {
  required: boolean;
  schema: JsonSchema;
  schemaPointer: string;
}

export interface ResponseInfo {
  status: string;
  description: string;
  headers: Record<string, HeaderInfo>;
  contentTypes: string[];
  /** Schema of the JSON body, if the response has one. */
  schema?: JsonSchema;
  schemaPointer?: string;
  /** True where roomkit added the status code to what the vendor documents (`x-roomkit-added`). */
  added: boolean;
  pointer: string;
}

export interface RequestBodyInfo {
  required: boolean;
  contentTypes: string[];
  schema?: JsonSchema;
  schemaPointer?: string;
}

export interface OperationInfo {
  operationId: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  tags: string[];
  /** JSON Pointer of the operation in the bundled document, e.g. `#/paths/~1rooms/post`. */
  pointer: string;
  parameters: ParameterInfo[];
  requestBody?: RequestBodyInfo;
  responses: Record<string, ResponseInfo>;
  security: Record<string, string[]>[];
  /** The operation's `x-` keys. */
  extensions: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

function jsonContent(
  content: unknown,
  pointer: string,
): { contentTypes: string[]; schema?: JsonSchema; schemaPointer?: string } {
  if (!content || typeof content !== 'object') return { contentTypes: [] };
  const types = Object.keys(content);
  const json = types.find((t) => t === 'application/json' || t.endsWith('+json'));
  const media = json ? ((content as Obj)[json] as Obj) : undefined;
  if (!json || !media || media.schema === undefined) return { contentTypes: types };
  return {
    contentTypes: types,
    schema: media.schema as JsonSchema,
    schemaPointer: `${pointer}/content/${pointerSegment(json)}/schema`,
  };
}

function readParameters(doc: OpenApiDocument, list: unknown, pointer: string): ParameterInfo[] {
  if (!Array.isArray(list)) return [];
  return list.map((raw, i) => {
    const { value: p, pointer: at } = deref<Obj>(doc, raw, `${pointer}/${i}`);
    return {
      name: String(p.name),
      in: p.in as ParameterInfo['in'],
      required: p.required === true,
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
      schema: (p.schema ?? {}) as JsonSchema,
      schemaPointer: `${at}/schema`,
    };
  });
}

function readOperation(doc: OpenApiDocument, path: string, method: HttpMethod, op: Obj, pathItem: Obj): OperationInfo {
  const pointer = `#/paths/${pointerSegment(path)}/${method}`;
  const pathParams = readParameters(doc, pathItem.parameters, `#/paths/${pointerSegment(path)}/parameters`);
  const opParams = readParameters(doc, op.parameters, `${pointer}/parameters`);
  // Operation-level parameters override path-level ones with the same name and location.
  const parameters = [
    ...pathParams.filter((p) => !opParams.some((o) => o.name === p.name && o.in === p.in)),
    ...opParams,
  ];

  let requestBody: RequestBodyInfo | undefined;
  if (op.requestBody) {
    const { value: body, pointer: at } = deref<Obj>(doc, op.requestBody, `${pointer}/requestBody`);
    requestBody = { required: body.required === true, ...jsonContent(body.content, at) };
  }

  const responses: Record<string, ResponseInfo> = {};
  for (const [status, raw] of Object.entries((op.responses ?? {}) as Obj)) {
    const { value: r, pointer: at } = deref<Obj>(doc, raw, `${pointer}/responses/${status}`);
    const headers: Record<string, HeaderInfo> = {};
    for (const [name, rawHeader] of Object.entries((r.headers ?? {}) as Obj)) {
      const { value: h, pointer: hAt } = deref<Obj>(doc, rawHeader, `${at}/headers/${pointerSegment(name)}`);
      headers[name] = {
        required: h.required === true,
        schema: (h.schema ?? {}) as JsonSchema,
        schemaPointer: `${hAt}/schema`,
      };
    }
    responses[status] = {
      status,
      description: String(r.description ?? ''),
      headers,
      ...jsonContent(r.content, at),
      added: r['x-roomkit-added'] === true,
      pointer: at,
    };
  }

  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(op)) if (key.startsWith('x-')) extensions[key] = value;

  return {
    operationId: String(op.operationId),
    method,
    path,
    ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
    tags: Array.isArray(op.tags) ? (op.tags as string[]) : [],
    pointer,
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses,
    security: (op.security ?? doc.security ?? []) as Record<string, string[]>[],
    extensions,
  };
}

const operationCache = new WeakMap<OpenApiDocument, OperationInfo[]>();

/** Every operation of the document, in document order, with references resolved. */
export function listOperations(doc: OpenApiDocument): OperationInfo[] {
  let ops = operationCache.get(doc);
  if (!ops) {
    ops = [];
    for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
      for (const method of methods) {
        const op = pathItem[method];
        if (op && typeof op === 'object') ops.push(readOperation(doc, path, method, op as Obj, pathItem));
      }
    }
    operationCache.set(doc, ops);
  }
  return ops;
}

export function getOperation(doc: OpenApiDocument, operationId: string): OperationInfo {
  const op = listOperations(doc).find((o) => o.operationId === operationId);
  if (!op) {
    const known = listOperations(doc)
      .map((o) => o.operationId)
      .join(', ');
    throw new Error(`Unknown operationId "${operationId}" in "${doc.info.title}"; known: ${known}.`);
  }
  return op;
}

/** The documented response for a status: exact code first, then `4XX`-style ranges, then `default`. */
export function documentedResponse(op: OperationInfo, status: number): ResponseInfo | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
}
