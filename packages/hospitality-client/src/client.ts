import createClient, { createQuerySerializer, type Client, type Middleware } from 'openapi-fetch';
import type { operations as Operations, paths } from '../generated/hospitality.js';
import {
  operations,
  pagination,
  requestIdHeader,
  resources,
  servers,
  throttling,
} from '../generated/hospitality-spec.js';
import { toTokenProvider, type AuthOption } from './auth.js';
import { bearerAuth, LightRequest, readPath, sendWith } from '@roomkit/http-runtime';
import { HospitalityApiError } from './errors.js';
import { paginate, type Paginated } from './paginate.js';
import { createRetryingFetch, type RetryOptions } from './retry.js';

export type Region = keyof typeof servers;
export type ResourceName = keyof typeof resources;
export type OperationId = keyof typeof operations;

export interface HospitalityClientOptions {
  /** `NA` (US, CA) or `EU` (FR, UK); the server URLs come from the spec. Give this or `baseUrl`. */
  region?: Region;
  /** Any other server, e.g. a mock or sandbox (`http://127.0.0.1:4010`). */
  baseUrl?: string;
  /** A static access token, a TokenProvider, or LWA refresh-token credentials. */
  auth: AuthOption;
  /** Budget for throttling and server-error retries. */
  retry?: RetryOptions;
  /** openapi-fetch middleware; credentials are added after it, when the request is sent. */
  middleware?: Middleware[];
  /** Replaces the global fetch, e.g. to add an agent; called as `fetch(url, init)`. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type RequestBodyOf<Id extends OperationId> = JsonContent<NonNullable<Operations[Id]['requestBody']>>;
type QueryOf<Id extends OperationId> = NonNullable<Operations[Id]['parameters']['query']>;
type OkBodyOf<Id extends OperationId> = Operations[Id]['responses'] extends { 200: infer Ok } ? JsonContent<Ok> : never;

type OperationsOf<R extends ResourceName> = (typeof resources)[R]['operations'];
type ListId<R extends ResourceName> = OperationsOf<R>['list'];
type PagingOf<R extends ResourceName> = (typeof pagination)[ListId<R>];

/** One raw page of a list, as the server sent it. */
export type ListPage<R extends ResourceName> = OkBodyOf<ListId<R>>;
/** One item of a list. */
export type ListItem<R extends ResourceName> = ListPage<R>[PagingOf<R>['items'] & keyof ListPage<R>] extends
  readonly (infer Item)[] | undefined
  ? Item
  : never;
/** The filter and page size of a list; the client manages the page token itself. */
export type ListQuery<R extends ResourceName> = Omit<QueryOf<ListId<R>>, PagingOf<R>['token']>;
export type CreateBody<R extends ResourceName> = RequestBodyOf<OperationsOf<R>['create']>;
export type UpdateBody<R extends ResourceName> = RequestBodyOf<OperationsOf<R>['update']>;
export type Resource<R extends ResourceName> = OkBodyOf<OperationsOf<R>['get']>;

export interface Created {
  id: string;
  /** The Location header, the new resource's path. */
  location: string | undefined;
  requestId: string | undefined;
}

export interface Done {
  requestId: string | undefined;
}

export interface ResourceClient<R extends ResourceName> {
  create(body: CreateBody<R>, options?: CallOptions): Promise<Created>;
  /** Iterates every item of every page; `.pages()` yields the raw pages. */
  list(query: ListQuery<R>, options?: CallOptions): Paginated<ListItem<R>, ListPage<R>>;
  get(id: string, options?: CallOptions): Promise<Resource<R>>;
  update(id: string, body: UpdateBody<R>, options?: CallOptions): Promise<Done>;
  delete(id: string, options?: CallOptions): Promise<Done>;
}

export type HospitalityClient = { readonly [R in ResourceName]: ResourceClient<R> } & {
  /** The typed openapi-fetch client underneath, with the same auth, retries and middleware. */
  readonly raw: Client<paths>;
};

interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}
interface UntypedClient {
  request(method: string, path: string, init: object): Promise<RawResult>;
}

function resolveBaseUrl(options: HospitalityClientOptions): string {
  if (options.baseUrl !== undefined && options.region !== undefined) {
    throw new TypeError('createHospitalityClient: give either `region` or `baseUrl`, not both');
  }
  if (options.baseUrl !== undefined) return options.baseUrl;
  if (options.region === undefined) {
    throw new TypeError(
      `createHospitalityClient: \`region\` (${Object.keys(servers).join(' or ')}) or \`baseUrl\` is required`,
    );
  }
  const url = servers[options.region];
  if (!url) {
    throw new TypeError(
      `createHospitalityClient: unknown region ${JSON.stringify(options.region)}; use ${Object.keys(servers).join(' or ')}`,
    );
  }
  return url;
}

export function createHospitalityClient(options: HospitalityClientOptions): HospitalityClient {
  const baseUrl = resolveBaseUrl(options);
  const provider = toTokenProvider(options.auth);
  const raw = createClient<paths>({
    baseUrl,
    Request: LightRequest as unknown as typeof Request,
    // Built once instead of on every call.
    querySerializer: createQuerySerializer(),
    fetch: createRetryingFetch({
      ...options.retry,
      ...bearerAuth(provider),
      policy: throttling,
      fetch: sendWith(options.fetch ?? ((input, init) => globalThis.fetch(input, init))),
    }),
  });
  if (options.middleware?.length) raw.use(...options.middleware);
  const untyped = raw as unknown as UntypedClient;

  // Promise chains rather than async functions on the per-call path: each async layer costs a
  // little, and the client's whole overhead budget is a few percent of a loopback fetch.
  function call(operationId: OperationId, init: object, callOptions: CallOptions | undefined): Promise<RawResult> {
    const { method, path } = operations[operationId];
    return untyped
      .request(method, path, callOptions?.signal ? { ...init, signal: callOptions.signal } : init)
      .then((result) => {
        if (!result.response.ok) {
          throw new HospitalityApiError({
            operationId,
            status: result.response.status,
            requestId: result.response.headers.get(requestIdHeader) ?? undefined,
            body: result.error,
          });
        }
        return result;
      });
  }

  const done = (result: RawResult): Done => ({
    requestId: result.response.headers.get(requestIdHeader) ?? undefined,
  });

  function resourceClient<R extends ResourceName>(name: R): ResourceClient<R> {
    const { idParameter, operations: ops } = resources[name];
    const paging = pagination[ops.list];
    const byId = (id: string) => ({ params: { path: { [idParameter]: id } } });

    return {
      async create(body, callOptions) {
        const result = await call(ops.create, { body }, callOptions);
        const id = readPath(result.data, ['id']);
        return {
          id: typeof id === 'string' ? id : String(id),
          location: result.response.headers.get('Location') ?? undefined,
          ...done(result),
        };
      },
      list(query, callOptions) {
        return paginate<ListItem<R>, ListPage<R>>(
          async (token) => {
            const pageQuery = token === undefined ? query : { ...query, [paging.token]: token };
            try {
              return (await call(ops.list, { params: { query: pageQuery } }, callOptions)).data as ListPage<R>;
            } catch (error) {
              // The spec lets a vendor answer an empty list with "not found"; only a first page can be that.
              if (token === undefined && error instanceof HospitalityApiError && error.status === paging.emptyStatus) {
                return { [paging.items]: [] } as ListPage<R>;
              }
              throw error;
            }
          },
          {
            operationId: ops.list,
            items: (page) => (readPath(page, [paging.items]) as ListItem<R>[] | undefined) ?? [],
            nextToken: (page) => {
              const next = readPath(page, paging.nextToken);
              return typeof next === 'string' ? next : undefined;
            },
          },
        );
      },
      get(id, callOptions) {
        return call(ops.get, byId(id), callOptions).then((result) => result.data as Resource<R>);
      },
      async update(id, body, callOptions) {
        return done(await call(ops.update, { ...byId(id), body }, callOptions));
      },
      async delete(id, callOptions) {
        return done(await call(ops.delete, byId(id), callOptions));
      },
    };
  }

  const client = { raw } as { raw: Client<paths> } & Record<string, unknown>;
  for (const name of Object.keys(resources) as ResourceName[]) client[name] = resourceClient(name);
  return client as unknown as HospitalityClient;
}
