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
import { isCorrect } from './hooks.js';
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
import { Arrivals } from './arrivals.js';
import { randomUnitId } from './ids.js';
import { PageTokens } from './page-tokens.js';
import { ReadLag } from './read-lag.js';
import type { Ancestor, Store, StoredItem, StoreReader, StoreWriter } from './store.js';

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
  private readonly arrivals = new Arrivals();

  constructor(
    readonly doc: OpenApiDocument,
    readonly validator: SpecValidator,
    private readonly store: Store,
    private readonly credentials: Credentials,
    private readonly hooks: Hooks,
    /** The store's secret that signs page tokens (store.secret), the same for every replica. */
    pageTokenKey: Buffer,
    clock: () => number = Date.now,
  ) {
    this.resources = resources(doc);
    this.alwaysSent = headersOnEveryResponse(doc);
    this.declared = declaredStatuses(doc);
    this.rejects = rulesOfKind(doc, 'rejects-parameter');
    this.tokens = new PageTokens(pageTokenKey);
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

  async handle(req: ApiRequest): Promise<Handled> {
    this.arrivals.note();
    const plan = this.plans.get(req.op.operationId)!;
    const ctx: ResponseContext = {
      operationId: plan.op.operationId,
      action: plan.action,
      documented: plan.documented,
      alwaysSent: this.alwaysSent,
      ...(plan.pagination ? { list: { items: plan.pagination.items, nextToken: plan.pagination.nextToken } } : {}),
    };
    try {
      const principal = await this.authenticate(plan, req);
      const crash = this.hooks.beforeValidation(undefined, {
        query: req.query,
        body: req.body.kind === 'json' ? req.body.value : undefined,
      });
      if (crash) throw new Refusal(crash.status, crash.message);
      const query = this.checkParameters(plan, req);
      const body = this.checkBody(plan, req);
      const refusal = this.hooks.refuseRequest(undefined, { body, nameHasRule: plan.nameHasRule });
      if (refusal) throw new Refusal(refusal.status, refusal.message);
      const out = await this.perform(plan, req, principal, query, body, ctx);
      return { out, ctx };
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      if (e.reason) ctx.reason = e.reason;
      Object.assign(ctx, e.detail);
      return { out: this.error(plan.op, e.status, e.message, req.requestId), ctx };
    }
  }

  private async authenticate(plan: OperationPlan, req: ApiRequest): Promise<Principal> {
    const header = req.headers.authorization;
    const token = Credentials.bearer(header);
    const resolved = await this.credentials.principal(token);
    // The hook is synchronous; a token it looks up (read its own way from the header) is read
    // from the store and the hook asked again.
    const looked = new Map<string, Principal | undefined>();
    let principal: Principal | undefined;
    for (let round = 0; ; round++) {
      const missing: string[] = [];
      principal = this.hooks.principal(resolved, {
        token,
        firstOrganization: this.credentials.firstOrganization,
        header,
        lookup: (t) => (looked.has(t) ? looked.get(t) : void missing.push(t)),
      });
      if (missing.length === 0 || round === 2) break;
      for (const t of missing) looked.set(t, await this.credentials.principal(t));
    }
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
  private async lookup(db: StoreReader, id: string, purpose: LookupPurpose): Promise<StoredItem | undefined> {
    return this.hooks.resolveItem(await db.getItem(id), {
      id,
      purpose,
      tombstone: this.tombstones.get(id)?.item,
    });
  }

  /** Whether `item` is an item of `collection` (ids of other collections name nothing there). */
  private inCollection(item: StoredItem, collection: string, purpose: LookupPurpose): boolean {
    return this.hooks.collectionMatches(item.collection === collection, {
      purpose,
      expected: collection,
      actual: item.collection,
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

  private async ownItem(
    db: StoreReader,
    plan: OperationPlan,
    principal: Principal,
    id: string,
    access: 'read' | 'write',
  ): Promise<StoredItem> {
    const purpose: LookupPurpose = plan.action === 'update' || plan.action === 'delete' ? plan.action : 'get';
    const item = await this.lookup(db, id, purpose);
    if (!item || !this.inCollection(item, plan.resource.name, purpose))
      throw this.notFound(plan, this.noun(plan.resource.name), id);
    if (
      item.organizationId !== principal.organizationId &&
      this.hooks.enforceTenancy(true, { access, action: plan.action, via: 'item' })
    ) {
      throw this.forbidden(plan, this.noun(plan.resource.name), id);
    }
    return item;
  }

  /**
   * The parent a create or list names: its organization and, for a write, its ancestors (the
   * parent included).
   */
  private async parentOf(
    db: StoreReader,
    plan: OperationPlan,
    principal: Principal,
    parentId: string,
    access: 'read' | 'write',
  ): Promise<{ organizationId: string; ancestors: Ancestor[] }> {
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
    const item = await this.lookup(db, parentId, 'parent');
    const named = `${this.noun(parentResource.name)} named by ${parent.field}`;
    if (!item || !this.inCollection(item, parentResource.name, 'parent')) throw this.notFound(plan, named, parentId);
    if (item.organizationId !== principal.organizationId && enforce()) throw this.forbidden(plan, named, parentId);
    return {
      organizationId: item.organizationId,
      ancestors:
        access === 'write' ? [...(await db.ancestorsOf(item)), { collection: item.collection, id: item.id }] : [],
    };
  }

  private async checkUnique(
    db: StoreWriter,
    plan: OperationPlan,
    action: 'create' | 'update',
    fields: Record<string, unknown>,
    ancestors: { collection: string; id: string }[],
    selfId: string,
    current?: Record<string, unknown>,
  ): Promise<void> {
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
      // The value in its scope, held until the write commits: a same-name write elsewhere waits
      // and then sees this one; writes of other names go on.
      await db.lock({ exclusive: [JSON.stringify([rule.name, scopeId, value])] });
      const query = {
        collection: plan.resource.name,
        field: rule.field,
        value,
        scope,
        scopeId,
      };
      const taken = this.hooks.valueTaken(await db.valueTaken({ ...query, excludeId: selfId }), {
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

  /**
   * A write's checks, then the write, in one transaction: no other request comes between (in a
   * store shared by replicas, the locks its checks take hold until the write commits). A fault's
   * write gap (hooks.ts writeGap) puts an await between them instead, in two transactions, as a
   * server does that checks, awaits something, then writes.
   */
  private async checkThenWrite<C>(
    action: 'create' | 'update' | 'delete',
    plan: OperationPlan,
    check: (tx: StoreWriter) => Promise<C>,
    write: (tx: StoreWriter, checked: C, gapped: boolean) => Promise<void>,
  ): Promise<C> {
    const gap = this.hooks.writeGap(undefined, {
      action,
      resource: plan.resource.name,
      drained: this.arrivals.drained,
    });
    if (gap === undefined)
      return this.store.transaction(async (tx) => {
        const checked = await check(tx);
        await write(tx, checked, false);
        return checked;
      });
    const checked = await this.store.transaction(check);
    await gap();
    await this.store.transaction((tx) => write(tx, checked, true));
    return checked;
  }

  private async perform(
    plan: OperationPlan,
    req: ApiRequest,
    principal: Principal,
    query: Record<string, unknown>,
    body: Record<string, unknown> | undefined,
    ctx: ResponseContext,
  ): Promise<Outgoing> {
    const headers = this.commonHeaders(req.requestId);
    const id = req.params[plan.resource.idParameter] ?? '';
    switch (plan.action) {
      case 'get': {
        const item = this.lag.view(await this.ownItem(this.store, plan, principal, id, 'read'));
        if (item === undefined) throw this.notFound(plan, this.noun(plan.resource.name), id);
        return { status: plan.success, headers, body: this.representation(item) };
      }
      case 'create': {
        const fields = body!;
        const parentId = String(fields[plan.resource.parent.field]);
        const { created } = await this.checkThenWrite(
          'create',
          plan,
          async (tx) => {
            // In a store shared by replicas, the parent's delete (which locks it exclusively) waits
            // for this create, or this create for it and then finds no parent.
            if (this.resources[plan.resource.parent.resource]) await tx.lock({ shared: [parentId] });
            const parent = await this.parentOf(tx, plan, principal, parentId, 'write');
            const newId = this.hooks.unitId(randomUnitId());
            await this.checkUnique(tx, plan, 'create', fields, parent.ancestors, newId);
            return { created: newId, parent };
          },
          async (tx, { created: newId, parent }) => {
            await tx.insertItem({
              id: newId,
              collection: plan.resource.name,
              parentId,
              organizationId: parent.organizationId,
              fields,
              ancestors: parent.ancestors,
            });
            const made = await tx.getItem(newId);
            if (made) await this.afterWrite(tx, plan, 'create', made, fields);
          },
        );
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
        await this.checkThenWrite(
          'update',
          plan,
          async (tx) => {
            // Another write of this item (through any replica) waits until this one commits.
            await tx.lock({ exclusive: [id] });
            const item = await this.ownItem(tx, plan, principal, id, 'write');
            const ancestors = await tx.ancestorsOf(item);
            const fields = { ...item.fields, ...body };
            if (JSON.stringify(fields) === JSON.stringify(item.fields)) ctx.unchanged = true;
            await this.checkUnique(tx, plan, 'update', fields, ancestors, item.id, item.fields);
            return { item, fields, ancestors };
          },
          async (tx, { item, fields, ancestors }) => {
            if (this.hooks.persistUpdate(true)) {
              await tx.updateFields(item, fields, this.hooks.reindexOnUpdate(true));
              this.lag.wrote(item.id, item.fields);
              this.remember({ item, ancestors, deleted: false });
            }
            await this.afterWrite(tx, plan, 'update', item, fields);
          },
        );
        return { status: plan.success, headers };
      }
      case 'delete': {
        await this.checkThenWrite(
          'delete',
          plan,
          async (tx) => {
            // Exclusive: a create of a child (which locks this item shared) waits, or this delete for it.
            await tx.lock({ exclusive: [id] });
            const item = await this.ownItem(tx, plan, principal, id, 'write');
            for (const rule of plan.emptyRules) {
              if (!this.hooks.refuseNonEmptyDelete(true, { resource: plan.resource.name })) continue;
              const has = await tx.hasChildren(rule.children, item.id);
              const children = isCorrect(this.hooks, 'hasChildren')
                ? []
                : await tx.all({ collection: rule.children, parentId: item.id, organizationId: item.organizationId });
              if (
                this.hooks.hasChildren(has, {
                  parentId: item.id,
                  children: () => children,
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
            return item;
          },
          async (tx, item, gapped) => {
            if (!this.hooks.persistDelete(true)) return;
            // After a gap the row may be gone: another delete of it passed the same check.
            if (gapped && (await tx.getItem(item.id)) === undefined) {
              const answer = this.hooks.rowVanished('not-found');
              if (answer === 'success') return;
              if (answer === 'server-error') throw new Error(`deleting ${item.id} affected no row`);
              throw this.notFound(plan, this.noun(plan.resource.name), item.id);
            }
            const ancestors = await tx.ancestorsOf(item);
            await tx.deleteItem(item);
            this.remember({ item, ancestors, deleted: true });
            await this.afterWrite(tx, plan, 'delete', item, item.fields);
          },
        );
        return { status: plan.success, headers };
      }
      case 'list':
        return { status: plan.success, headers, body: await this.listPage(plan, principal, query) };
    }
  }

  /**
   * What else a write changes: nothing, unless a fault says otherwise (hooks.afterWrite). The hook
   * sees the siblings read in the write's transaction and asks for changes, applied in it after.
   */
  private async afterWrite(
    tx: StoreWriter,
    plan: OperationPlan,
    action: 'create' | 'update' | 'delete',
    item: StoredItem,
    fields: Record<string, unknown>,
  ): Promise<void> {
    if (isCorrect(this.hooks, 'afterWrite')) return;
    const leaf = !Object.values(this.resources).some((r) => r.parent.resource === plan.resource.name);
    const siblings = (
      await tx.all({ collection: item.collection, parentId: item.parentId, organizationId: item.organizationId })
    ).filter((other) => other.id !== item.id);
    const changes: Array<() => Promise<void>> = [];
    this.hooks.afterWrite(undefined, {
      action,
      item,
      fields,
      leaf,
      siblings: () => siblings,
      update: (other, changed) =>
        void changes.push(async () => {
          await tx.updateFields(other, changed, true);
          this.lag.wrote(other.id, other.fields);
        }),
      remove: (other) =>
        void changes.push(async () => {
          if (leaf) await tx.deleteItem(other);
        }),
    });
    for (const change of changes) await change();
  }

  private async listPage(
    plan: OperationPlan,
    principal: Principal,
    query: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const p = plan.pagination!;
    const filter = String(query[p.filter]);
    const parent = await this.parentOf(this.store, plan, principal, filter, 'read');
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
    const perturbed = !isCorrect(this.hooks, 'listRows');
    const all = perturbed ? await this.store.all(where) : [];
    const wider = perturbed
      ? await this.store.all({ collection: where.collection, organizationId: where.organizationId })
      : [];
    const rows = this.hooks
      .listRows(await this.store.page({ ...where, afterSeq, limit: size + 2 }), {
        afterSeq,
        served,
        size,
        tokenGiven,
        all: () => all,
        parentId: filter,
        wider: () => wider,
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
