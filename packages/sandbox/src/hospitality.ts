// The hospitality API: generic create/list/get/update/delete over the resources that
// x-roomkit-resources declares, with the x-roomkit-rules (unique names per scope, non-empty
// delete) and x-roomkit-pagination of the spec. No collection, field or status is named here.
import { objectAt } from '@roomkit/http-runtime';
import {
  alreadyUsed,
  deref,
  describeSchemaErrors,
  headersOnEveryResponse,
  listOperations,
  nounOf,
  paginationOf,
  resourceOf,
  resources,
  rulesOfKind,
  type CrudAction,
  type OpenApiDocument,
  type OperationInfo,
  type PaginationInfo,
  type ResourceInfo,
  type SpecValidator,
} from '@roomkit/openapi';
import type { ApiImplementation, ApiRequest, Handled } from './api.js';
import { declaredStatuses, statusFor, successStatus, type DeclaredStatuses } from './api.js';
import { Credentials } from './credentials.js';
import type {
  Hooks,
  LookupPurpose,
  Outgoing,
  PageCut,
  PastItem,
  Principal,
  ResponseContext,
  ValidationIssue,
} from './hooks.js';
import { randomUnitId } from './ids.js';
import { PageTokens } from './page-tokens.js';
import { ReadLag } from './read-lag.js';
import type { StoredItem, Store } from './store.js';

type UniqueRule = ReturnType<typeof rulesOfKind<'unique'>>[number];
type EmptyRule = ReturnType<typeof rulesOfKind<'delete-requires-empty'>>[number];
type RejectsParameter = ReturnType<typeof rulesOfKind<'rejects-parameter'>>[number];

interface OperationPlan {
  op: OperationInfo;
  resource: ResourceInfo;
  action: CrudAction;
  pagination?: PaginationInfo;
  uniqueRules: UniqueRule[];
  emptyRules: EmptyRule[];
  /** For creates: the path template of the resource's get operation (the Location). */
  location?: string;
  documented: readonly string[];
  /** The operation's one documented 2xx status. */
  success: number;
  /** Whether the body's name has a documented rule (pattern or length). */
  nameHasRule: boolean;
  bodySchemaPointer?: string;
}

/** An answer decided early (auth, validation, rules); thrown so that handlers stay linear. */
class Refusal {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly reason?: ResponseContext['reason'],
    readonly detail: Pick<ResponseContext, 'deleted' | 'ruleKind'> = {},
  ) {}
}

/**
 * How many earlier versions of items (before an update, at a delete) the API remembers. The
 * correct API never consults them; faults do (a vendor that keeps tombstones or stale indexes).
 */
const HISTORY_LIMIT = 2000;

function describeIssues(issues: ValidationIssue[]): string {
  return `Invalid request: ${describeSchemaErrors(issues)}.`;
}

function nameHasRule(doc: OpenApiDocument, schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const body = deref<Record<string, unknown>>(doc, schema, '').value;
  const props = (body?.properties ?? {}) as Record<string, unknown>;
  if (!props.name) return false;
  const name = deref<Record<string, unknown>>(doc, props.name, '').value ?? {};
  return ['pattern', 'maxLength', 'minLength', 'enum', 'format'].some((k) => k in name);
}

export class HospitalityApi implements ApiImplementation {
  private readonly plans = new Map<string, OperationPlan>();
  private readonly resources: Record<string, ResourceInfo>;
  private readonly tokens: PageTokens;
  readonly alwaysSent: readonly string[];
  readonly declared: DeclaredStatuses;
  private readonly rejects: RejectsParameter[];
  private readonly history: PastItem[] = [];
  private readonly tombstones = new Map<string, PastItem>();
  private readonly lag: ReadLag;

  constructor(
    readonly doc: OpenApiDocument,
    readonly validator: SpecValidator,
    private readonly store: Store,
    private readonly credentials: Credentials,
    private readonly hooks: Hooks,
    clock: () => number = Date.now,
  ) {
    this.resources = resources(doc);
    this.alwaysSent = headersOnEveryResponse(doc);
    this.declared = declaredStatuses(doc);
    this.rejects = rulesOfKind(doc, 'rejects-parameter');
    this.tokens = new PageTokens(store.secret('page-token-key'));
    this.lag = new ReadLag(() => this.hooks.readLagMs(0), clock);
    const unique = rulesOfKind(doc, 'unique');
    const empty = rulesOfKind(doc, 'delete-requires-empty');
    for (const op of listOperations(doc)) {
      const owner = resourceOf(doc, op.operationId);
      if (!owner)
        throw new Error(
          `Operation ${op.operationId} belongs to no resource in x-roomkit-resources; the sandbox cannot serve it.`,
        );
      const { resource, action } = owner;
      const getOp = listOperations(doc).find((o) => o.operationId === resource.operations.get);
      const pagination = action === 'list' ? paginationOf(doc, op.operationId) : undefined;
      if (action === 'list' && !pagination)
        throw new Error(`List operation ${op.operationId} has no x-roomkit-pagination.`);
      this.plans.set(op.operationId, {
        op,
        resource,
        action,
        ...(pagination ? { pagination } : {}),
        uniqueRules: unique.filter((r) => r.resource === resource.name && r.operations.includes(op.operationId)),
        emptyRules: empty.filter((r) => r.operation === op.operationId),
        ...(action === 'create' && getOp ? { location: getOp.path } : {}),
        documented: Object.keys(op.responses),
        success: successStatus(op),
        nameHasRule: nameHasRule(doc, op.requestBody?.schema),
        ...(op.requestBody?.schemaPointer ? { bodySchemaPointer: op.requestBody.schemaPointer } : {}),
      });
    }
  }

  /** Every header the spec requires on every answer carries the request id (X-Amzn-RequestId). */
  private commonHeaders(requestId: string): Record<string, string> {
    return Object.fromEntries(this.alwaysSent.map((name) => [name, requestId]));
  }

  error(_op: OperationInfo | undefined, status: number, message: string, requestId: string): Outgoing {
    return { status, headers: this.commonHeaders(requestId), body: { message } };
  }

  handle(req: ApiRequest): Handled {
    const plan = this.plans.get(req.op.operationId)!;
    const ctx: ResponseContext = {
      operationId: plan.op.operationId,
      action: plan.action,
      documented: plan.documented,
      alwaysSent: this.alwaysSent,
      ...(plan.pagination ? { list: { items: plan.pagination.items, nextToken: plan.pagination.nextToken } } : {}),
    };
    try {
      const principal = this.authenticate(plan, req);
      const crash = this.hooks.beforeValidation(undefined, {
        query: req.query,
        body: req.body.kind === 'json' ? req.body.value : undefined,
      });
      if (crash) throw new Refusal(crash.status, crash.message);
      const query = this.checkParameters(plan, req);
      const body = this.checkBody(plan, req);
      const refusal = this.hooks.refuseRequest(undefined, { body, nameHasRule: plan.nameHasRule });
      if (refusal) throw new Refusal(refusal.status, refusal.message);
      const out = this.perform(plan, req, principal, query, body, ctx);
      return { out, ctx };
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      if (e.reason) ctx.reason = e.reason;
      Object.assign(ctx, e.detail);
      return { out: this.error(plan.op, e.status, e.message, req.requestId), ctx };
    }
  }

  private authenticate(plan: OperationPlan, req: ApiRequest): Principal {
    const header = req.headers.authorization;
    const token = Credentials.bearer(header);
    const principal = this.hooks.principal(this.credentials.principal(token), {
      token,
      firstOrganization: this.credentials.firstOrganization,
      header,
      lookup: (t) => this.credentials.principal(t),
    });
    if (!principal) {
      throw new Refusal(
        statusFor(plan.op, 'unauthenticated', this.declared),
        token === undefined
          ? 'The access token is missing: send Authorization: Bearer <token>.'
          : 'The access token is invalid or expired.',
        'unauthenticated',
      );
    }
    return principal;
  }

  private checkParameters(plan: OperationPlan, req: ApiRequest): Record<string, unknown> {
    const result = this.validator.parameters(plan.op.operationId, { query: req.query, path: req.params });
    const issues = this.hooks.requestIssues(result.errors, {
      in: 'query',
      action: plan.action,
      data: req.query,
      revalidate: (data) =>
        this.validator.parameters(plan.op.operationId, { query: data as ApiRequest['query'], path: req.params }).errors,
    });
    if (issues.length > 0) throw new Refusal(statusFor(plan.op, 'bad-request'), describeIssues(issues));
    if (result.valid) return result.values;
    // A perturbation waived some issues: take the raw values the validator could not accept.
    const values: Record<string, unknown> = { ...result.values };
    for (const p of plan.op.parameters) {
      const raw = p.in === 'query' ? req.query[p.name] : p.in === 'path' ? req.params[p.name] : undefined;
      if (values[p.name] === undefined && typeof raw === 'string')
        values[p.name] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    }
    return values;
  }

  private checkBody(plan: OperationPlan, req: ApiRequest): Record<string, unknown> | undefined {
    if (!plan.bodySchemaPointer) return undefined;
    const invalid = statusFor(plan.op, 'bad-request');
    if (req.body.kind === 'invalid') throw new Refusal(invalid, req.body.message);
    if (req.body.kind === 'none')
      throw new Refusal(invalid, `The request body is required (${plan.op.requestBody?.contentTypes.join(' or ')}).`);
    const pointer = plan.bodySchemaPointer;
    const check = (data: unknown) =>
      this.validator.validate(pointer, data).errors.map((e) => ({ ...e, path: `/body${e.path}` }));
    const issues = this.hooks.requestIssues(check(req.body.value), {
      in: 'body',
      action: plan.action,
      data: req.body.value,
      revalidate: check,
    });
    if (issues.length > 0) throw new Refusal(invalid, describeIssues(issues));
    return req.body.value as Record<string, unknown>;
  }

  /** The status the spec's rejects-parameter rule declares for such a value, else a bad request. */
  private rejection(plan: OperationPlan, parameter: string, values: RejectsParameter['values']): number {
    const rule = this.rejects.find(
      (r) => r.parameter === parameter && r.values === values && r.operations.includes(plan.op.operationId),
    );
    return rule?.status ?? statusFor(plan.op, 'bad-request');
  }

  /** The spec's human name of one item of a collection ("room type"). */
  private noun(collection: string): string {
    return nounOf(this.doc, collection).one;
  }

  private notFound(plan: OperationPlan, what: string, id: unknown): Refusal {
    return new Refusal(
      statusFor(plan.op, 'not-found', this.declared),
      `The ${what} ${JSON.stringify(id)} was not found.`,
      'missing',
      typeof id === 'string' && this.tombstones.has(id) ? { deleted: true } : {},
    );
  }

  /** The stored item an id names, as the hooks see it. */
  private lookup(id: string, purpose: LookupPurpose): StoredItem | undefined {
    return this.hooks.resolveItem(this.store.getItem(id), {
      id,
      purpose,
      tombstone: this.tombstones.get(id)?.item,
    });
  }

  private remember(past: PastItem): void {
    this.history.push(past);
    if (past.deleted) this.tombstones.set(past.item.id, past);
    while (this.history.length > HISTORY_LIMIT) {
      const dropped = this.history.shift()!;
      if (this.tombstones.get(dropped.item.id) === dropped) this.tombstones.delete(dropped.item.id);
    }
  }

  private forbidden(plan: OperationPlan, what: string, id: unknown): Refusal {
    return new Refusal(
      statusFor(plan.op, 'forbidden', this.declared),
      `The ${what} ${JSON.stringify(id)} belongs to another organization.`,
      'foreign',
    );
  }

  private ownItem(plan: OperationPlan, principal: Principal, id: string, access: 'read' | 'write'): StoredItem {
    const purpose: LookupPurpose = plan.action === 'update' || plan.action === 'delete' ? plan.action : 'get';
    const item = this.lookup(id, purpose);
    if (!item || item.collection !== plan.resource.name) throw this.notFound(plan, this.noun(plan.resource.name), id);
    if (
      item.organizationId !== principal.organizationId &&
      this.hooks.enforceTenancy(true, { access, action: plan.action, via: 'item' })
    ) {
      throw this.forbidden(plan, this.noun(plan.resource.name), id);
    }
    return item;
  }

  /** The parent a create or list names: its organization and ancestors (the parent included). */
  private parentOf(plan: OperationPlan, principal: Principal, parentId: string, access: 'read' | 'write') {
    const parent = plan.resource.parent;
    const parentResource = this.resources[parent.resource];
    const enforce = () =>
      this.hooks.enforceTenancy(true, { access, action: plan.action, via: parentResource ? 'parent' : 'root' });
    if (!parentResource) {
      // The root parent (the organization) is not stored: the caller is their organization.
      if (parentId !== principal.organizationId && enforce())
        throw new Refusal(
          statusFor(plan.op, 'forbidden', this.declared),
          `${parent.field} ${JSON.stringify(parentId)} names another ${this.noun(parent.resource)} than the caller's.`,
          'foreign',
        );
      return { organizationId: parentId, ancestors: [{ collection: parent.resource, id: parentId }] };
    }
    const item = this.lookup(parentId, 'parent');
    const named = `${this.noun(parentResource.name)} named by ${parent.field}`;
    if (!item || item.collection !== parentResource.name) throw this.notFound(plan, named, parentId);
    if (item.organizationId !== principal.organizationId && enforce()) throw this.forbidden(plan, named, parentId);
    return {
      organizationId: item.organizationId,
      ancestors: [...this.store.ancestorsOf(item), { collection: item.collection, id: item.id }],
    };
  }

  private checkUnique(
    plan: OperationPlan,
    action: 'create' | 'update',
    fields: Record<string, unknown>,
    ancestors: { collection: string; id: string }[],
    selfId: string,
    current?: Record<string, unknown>,
  ): void {
    for (const rule of plan.uniqueRules) {
      const scope = this.hooks.uniqueScope(rule.scope, {
        action,
        parentResource: plan.resource.parent.resource,
        ancestors: ancestors.map((a) => a.collection),
      });
      if (scope === undefined) continue;
      const scopeId = ancestors.find((a) => a.collection === scope)?.id;
      if (scopeId === undefined) continue;
      const value = fields[rule.field];
      if (typeof value !== 'string') continue;
      const query = {
        collection: plan.resource.name,
        field: rule.field,
        value,
        scope,
        scopeId,
      };
      const taken = this.hooks.valueTaken(this.store.valueTaken({ ...query, excludeId: selfId }), {
        ...query,
        selfId,
        heldBySelf: current?.[rule.field] === value,
        history: () => this.history,
      });
      if (taken) {
        throw new Refusal(
          rule.status,
          `${alreadyUsed(this.doc, { ...rule, scope }, value)} (rule ${rule.name}).`,
          undefined,
          { ruleKind: rule.kind },
        );
      }
    }
  }

  private representation(item: StoredItem): Record<string, unknown> {
    return { id: item.id, ...item.fields };
  }

  private perform(
    plan: OperationPlan,
    req: ApiRequest,
    principal: Principal,
    query: Record<string, unknown>,
    body: Record<string, unknown> | undefined,
    ctx: ResponseContext,
  ): Outgoing {
    const headers = this.commonHeaders(req.requestId);
    const id = req.params[plan.resource.idParameter] ?? '';
    switch (plan.action) {
      case 'get': {
        const item = this.lag.view(this.ownItem(plan, principal, id, 'read'));
        if (item === undefined) throw this.notFound(plan, this.noun(plan.resource.name), id);
        return { status: plan.success, headers, body: this.representation(item) };
      }
      case 'create': {
        const fields = body!;
        const created = this.store.transaction(() => {
          const parent = this.parentOf(plan, principal, String(fields[plan.resource.parent.field]), 'write');
          const newId = this.hooks.unitId(randomUnitId());
          this.checkUnique(plan, 'create', fields, parent.ancestors, newId);
          this.store.insertItem({
            id: newId,
            collection: plan.resource.name,
            parentId: String(fields[plan.resource.parent.field]),
            organizationId: parent.organizationId,
            fields,
            ancestors: parent.ancestors,
          });
          const made = this.store.getItem(newId);
          if (made) this.afterWrite(plan, 'create', made, fields);
          return newId;
        });
        this.lag.wrote(created);
        ctx.createdId = created;
        const location = plan.location?.replace(`{${plan.resource.idParameter}}`, created);
        return {
          status: plan.success,
          headers: location ? { ...headers, Location: location } : headers,
          body: { id: created },
        };
      }
      case 'update': {
        this.store.transaction(() => {
          const item = this.ownItem(plan, principal, id, 'write');
          const fields = { ...item.fields, ...body };
          if (JSON.stringify(fields) === JSON.stringify(item.fields)) ctx.unchanged = true;
          const ancestors = this.store.ancestorsOf(item);
          this.checkUnique(plan, 'update', fields, ancestors, item.id, item.fields);
          if (this.hooks.persistUpdate(true)) {
            this.store.updateFields(item, fields, this.hooks.reindexOnUpdate(true));
            this.lag.wrote(item.id, item.fields);
            this.remember({ item, ancestors, deleted: false });
          }
          this.afterWrite(plan, 'update', item, fields);
        });
        return { status: plan.success, headers };
      }
      case 'delete': {
        this.store.transaction(() => {
          const item = this.ownItem(plan, principal, id, 'write');
          for (const rule of plan.emptyRules) {
            if (
              this.hooks.refuseNonEmptyDelete(true, { resource: plan.resource.name }) &&
              this.hooks.hasChildren(this.store.hasChildren(rule.children, item.id), {
                parentId: item.id,
                children: () =>
                  this.store.all({ collection: rule.children, parentId: item.id, organizationId: item.organizationId }),
                history: () => this.history,
              })
            ) {
              throw new Refusal(
                rule.status,
                `The ${this.noun(plan.resource.name)} ${item.id} still has ${nounOf(this.doc, rule.children).many}; delete them first (rule ${rule.name}).`,
                undefined,
                { ruleKind: rule.kind },
              );
            }
          }
          if (this.hooks.persistDelete(true)) {
            const ancestors = this.store.ancestorsOf(item);
            this.store.deleteItem(item);
            this.remember({ item, ancestors, deleted: true });
          }
          this.afterWrite(plan, 'delete', item, item.fields);
        });
        return { status: plan.success, headers };
      }
      case 'list':
        return { status: plan.success, headers, body: this.listPage(plan, principal, query) };
    }
  }

  /** What else a write changes: nothing, unless a fault says otherwise (hooks.afterWrite). */
  private afterWrite(
    plan: OperationPlan,
    action: 'create' | 'update' | 'delete',
    item: StoredItem,
    fields: Record<string, unknown>,
  ): void {
    const leaf = !Object.values(this.resources).some((r) => r.parent.resource === plan.resource.name);
    this.hooks.afterWrite(undefined, {
      action,
      item,
      fields,
      leaf,
      siblings: () =>
        this.store
          .all({ collection: item.collection, parentId: item.parentId, organizationId: item.organizationId })
          .filter((other) => other.id !== item.id),
      update: (other, changed) => {
        this.store.updateFields(other, changed, true);
        this.lag.wrote(other.id, other.fields);
      },
      remove: (other) => {
        if (leaf) this.store.deleteItem(other);
      },
    });
  }

  private listPage(plan: OperationPlan, principal: Principal, query: Record<string, unknown>): Record<string, unknown> {
    const p = plan.pagination!;
    const filter = String(query[p.filter]);
    const parent = this.parentOf(plan, principal, filter, 'read');
    let afterSeq = 0;
    let served = 0;
    const token = query[p.token];
    const tokenGiven = typeof token === 'string';
    if (typeof token === 'string') {
      const found = this.tokens.read(token, plan.op.operationId, filter);
      const read =
        !found.ok && found.problem === 'foreign' && this.hooks.acceptForeignToken(false)
          ? { ...found, ok: true as const }
          : found;
      if (!read.ok) {
        const refusal =
          read.problem === 'malformed'
            ? this.hooks.malformedToken(
                {
                  status: this.rejection(plan, p.token, 'malformed'),
                  message: `${p.token} is malformed; pass the value of ${p.nextToken.join('.')} unchanged.`,
                },
                { token },
              )
            : {
                status: this.rejection(plan, p.token, 'foreign'),
                message: `${p.token} was issued for another list or ${p.filter}; repeat the request that returned it.`,
              };
        throw new Refusal(refusal.status, refusal.message);
      }
      afterSeq = read.afterSeq;
      served = read.served;
    }
    const requested = query[p.pageSize];
    const size = this.hooks.pageSize(
      typeof requested === 'number' ? requested : this.hooks.defaultPageSize(p.pageSizeDefault),
    );
    const applyFilter = this.hooks.applyListFilter(true);
    const where = {
      collection: plan.resource.name,
      ...(applyFilter ? { parentId: filter } : {}),
      organizationId: parent.organizationId,
    };
    const rows = this.hooks
      .listRows(this.store.page({ ...where, afterSeq, limit: size + 2 }), {
        afterSeq,
        served,
        size,
        tokenGiven,
        all: () => this.store.all(where),
        parentId: filter,
        wider: () => this.store.all({ collection: where.collection, organizationId: where.organizationId }),
        tombstones: () =>
          [...this.tombstones.values()]
            .map((t) => t.item)
            .filter(
              (t) =>
                t.collection === where.collection &&
                t.organizationId === where.organizationId &&
                (where.parentId === undefined || t.parentId === where.parentId),
            ),
      })
      .map((row) => this.lag.view(row))
      .filter((row) => row !== undefined);
    const take = Math.min(rows.length, size);
    const correct: PageCut = { take, cursor: rows.length > size ? rows[take - 1]!.seq : undefined };
    const cut = this.hooks.pageCut(correct, { rows, size, tokenGiven });
    const page: Record<string, unknown> = { [p.items]: rows.slice(0, cut.take).map((r) => this.representation(r)) };
    // The container of the next token (paginationContext) stays, empty, on the last page.
    const container = objectAt(page, p.nextToken.slice(0, -1));
    if (cut.cursor !== undefined)
      container[p.nextToken[p.nextToken.length - 1]!] = this.tokens.issue(
        plan.op.operationId,
        filter,
        cut.cursor,
        served + cut.take,
      );
    return page;
  }
}
