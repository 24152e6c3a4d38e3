import { nounOf, ruleOf, rulesOfKind, withArticle, type ResourceInfo } from '@roomkit/openapi';
import fc from 'fast-check';
import type { Exchange } from '../../http/exchange.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';
import type { Item } from '../api.js';
import { ok, type HospitalityContext } from '../context.js';
import { fieldSchemaRule } from '../../kinds/field-schema.js';
import { ghostsIn } from '../../kinds/gone-after-delete.js';
import type { ModelItem, ModelRequest, ModelState } from '../../kinds/state.js';
import { noOpVerdict } from '../../kinds/no-op-update.js';
import { refusalOf, stateRules } from '../../kinds/state-kinds.js';

interface Entity {
  collection: string;
  id: string;
  parentId: string;
  name: string;
}

/** What the target should hold: every entity this command sequence created, live or deleted. */
interface Model {
  entities: Entity[];
  deleted: Entity[];
  /** When the target last acknowledged a write: reads within `--consistency-wait` of it may lag. */
  lastWriteAt: number;
}

/**
 * How a command fails (fast-check's commands fail by throwing): the target diverged from the
 * model, breaking `rule`. The property records it once, where the sequence stops.
 */
class Divergence extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly exchange: Exchange | undefined,
  ) {
    super(message);
  }
}

/** Stops the sequence where a check on the exchange has already reported what broke. */
class Stopped extends Error {}

type Command = fc.AsyncCommand<Model, HospitalityContext, false>;

/**
 * Names drawn to collide with the model's state: a fresh one, one of a tiny shared pool (so two
 * items of one scope collide), the name of a deleted item (a freed name must be free again), the
 * current name of another live item, or the item's own current name.
 */
type NameChoice = 'fresh' | 'pool-a' | 'pool-b' | 'deleted' | 'other' | 'own' | 'invalid';
const NAME_CHOICES: readonly NameChoice[] = ['fresh', 'pool-a', 'pool-b', 'deleted', 'other', 'own', 'invalid'];

/**
 * A fast-check model-based test over every operation of the three collections. Arguments are
 * drawn to collide with the model (names in the same and other scopes, freed names, the item's
 * own name, ids and parents of deleted items); every read — a get, every page of a list — is
 * compared with the model field by field, id included, within the consistency wait; what the spec
 * says of create (names, uniqueness, an existing parent) is checked on update too, and what holds
 * for a live item is checked after it was renamed or deleted (a deleted item is gone from gets,
 * lists, updates and a second delete).
 */
export function modelBased(context: HospitalityContext): PropertyDefinition<Iterable<Command>> {
  const { api, session, ledger } = context;
  const doc = session.spec.doc;
  /** The spec's human name of one item of a collection ("room type"). */
  const one = (collection: string) => nounOf(doc, collection).one;
  const levels = api.hierarchy;
  const MODEL_RULE = ruleOf(doc, 'model').name;
  const nameRule = fieldSchemaRule(doc);
  /**
   * A name the operation's body schema refuses (a space, a period: the spec decides which), for the
   * collection whose names have a field-schema rule; undefined elsewhere.
   */
  const invalidName = (collection: string, action: 'create' | 'update', parentId: string): string | undefined => {
    if (collection !== nameRule.resource) return undefined;
    const level = api.resource(collection);
    const pointer = session.spec.operation(level.operations[action]).requestBody?.schemaPointer;
    if (pointer === undefined) return undefined;
    const base = ledger.name(collection);
    const body = (name: string) =>
      action === 'create' ? { [nameRule.field]: name, [level.parent.field]: parentId } : { [nameRule.field]: name };
    return [`${base} x`, `${base}.x`].find((name) => !session.spec.validate(pointer, body(name)).valid);
  };
  const pool = { 'pool-a': `${ledger.runId}a`, 'pool-b': `${ledger.runId}b` } as const;

  const diverge = (message: string, exchange: Exchange | undefined, rule = MODEL_RULE): never => {
    throw new Divergence(rule, message, exchange);
  };
  const live = (model: Readonly<Model>, collection: string) =>
    model.entities.filter((e) => e.collection === collection);
  const gone = (model: Readonly<Model>, collection: string) => model.deleted.filter((e) => e.collection === collection);
  const pickOf = <T>(list: readonly T[], pick: number): T | undefined =>
    list.length === 0 ? undefined : list[pick % list.length];
  const wrote = (model: Model) => {
    model.lastWriteAt = session.clock.now();
  };

  /** An entity as the rule kinds' oracles see it: the model's items hold only their names. */
  const itemOf = (e: Entity): ModelItem => ({
    collection: e.collection,
    id: e.id,
    parentId: e.parentId,
    fields: { name: e.name },
  });
  const stateOf = (model: Readonly<Model>): ModelState => ({
    live: model.entities.map(itemOf),
    known: [...model.entities, ...model.deleted].map(itemOf),
  });
  /** Whether the spec refuses the request in the model's state: the registered state kinds decide. */
  const refused = (model: Readonly<Model>, request: ModelRequest) => refusalOf(doc, stateOf(model), request);
  /** A success to a request the spec refuses breaks the rule the state kind named. */
  const acceptedRefused = (refusal: NonNullable<ReturnType<typeof refused>>, what: string, exchange: Exchange) =>
    diverge(
      `${what} answered ${exchange.response?.status}, but the spec refuses it (${refusal.status}): ${refusal.message}`,
      exchange,
      refusal.rule.name,
    );
  const nameFor = (
    model: Readonly<Model>,
    collection: string,
    choice: NameChoice,
    pick: number,
    self?: Entity,
  ): string => {
    if (choice === 'pool-a' || choice === 'pool-b') return pool[choice];
    const candidates =
      choice === 'deleted'
        ? gone(model, collection)
        : choice === 'other'
          ? live(model, collection).filter((e) => e !== self)
          : [];
    if (choice === 'own' && self !== undefined) return self.name;
    return pickOf(candidates, pick)?.name ?? ledger.name(collection);
  };

  /** Reads until what the target shows agrees with the model, or the consistency wait since the last write is over. */
  const settled = <T>(model: Readonly<Model>, read: () => Promise<T>, agrees: (value: T) => boolean): Promise<T> =>
    session.settled(read, agrees, model.lastWriteAt);

  const fields = (level: ResourceInfo, entity: Entity) => ({
    id: entity.id,
    name: entity.name,
    [level.parent.field]: entity.parentId,
  });
  const differs = (
    level: ResourceInfo,
    entity: Entity,
    shown: Record<string, unknown> | undefined,
  ): string | undefined => {
    for (const [field, value] of Object.entries(fields(level, entity))) {
      if (shown === undefined || String(shown[field]) !== value) return field;
    }
    return undefined;
  };

  class Create implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
      readonly choice: NameChoice,
      readonly underDeleted: boolean,
    ) {}
    /**
     * Where the create lands: under a deleted parent when asked for one (if any), else the asked-for
     * level, or the closest level above it that has a live parent yet (so every sequence grows).
     */
    placement(model: Readonly<Model>): { collection: string; parentId: string; deleted: boolean } | undefined {
      let level = api.resource(this.collection);
      if (this.underDeleted) {
        if (level === levels[0]) return undefined;
        const parent = pickOf(gone(model, level.parent.resource), this.pick);
        return parent === undefined ? undefined : { collection: level.name, parentId: parent.id, deleted: true };
      }
      for (;;) {
        if (level === levels[0]) return { collection: level.name, parentId: context.organizationId, deleted: false };
        const parent = pickOf(live(model, level.parent.resource), this.pick);
        if (parent !== undefined) return { collection: level.name, parentId: parent.id, deleted: false };
        level = api.resource(level.parent.resource);
      }
    }
    check(model: Readonly<Model>) {
      return this.placement(model) !== undefined;
    }
    async run(model: Model) {
      const { collection, parentId, deleted } = this.placement(model)!;
      const invalid = this.choice === 'invalid' && !deleted ? invalidName(collection, 'create', parentId) : undefined;
      if (invalid !== undefined) {
        const refused = await api.create(collection, invalid, parentId, { intent: 'negative' });
        if (ok(refused.exchange))
          diverge(
            `created a ${collection} item named ${JSON.stringify(invalid)}, which its schema forbids`,
            refused.exchange,
            nameRule.name,
          );
        return;
      }
      const name = nameFor(
        model,
        collection,
        this.choice === 'own' || this.choice === 'invalid' ? 'fresh' : this.choice,
        this.pick,
      );
      // The state kinds say whether the spec refuses it (under a deleted parent, the parent's rule first).
      const operationId = api.resource(collection).operations.create;
      const broken = refused(model, {
        action: 'create',
        operationId,
        write: { collection, parentId, fields: { name } },
      });
      const { exchange, id } = await api.create(collection, name, parentId, {
        intent: broken === undefined && !deleted ? 'positive' : 'state',
      });
      if (broken !== undefined) {
        if (ok(exchange))
          acceptedRefused(
            broken,
            `creating ${withArticle(one(collection))} named ${JSON.stringify(name)} under ${parentId}${deleted ? ', which this sequence had deleted,' : ''}`,
            exchange,
          );
        return;
      }
      // Of a create under a deleted parent that no rule refuses, the spec says nothing: any answer is taken.
      if (deleted) return;
      if (id === undefined) throw new Stopped('create refused'); // positive_data_acceptance reported it
      model.entities.push({ collection, id, parentId, name });
      wrote(model);
    }
    toString() {
      return `create(${this.collection}, ${this.underDeleted ? 'deleted ' : ''}parent#${this.pick}, name ${this.choice})`;
    }
  }

  class Get implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
      readonly deleted: boolean,
    ) {}
    target(model: Readonly<Model>) {
      return pickOf(this.deleted ? gone(model, this.collection) : live(model, this.collection), this.pick);
    }
    check(model: Readonly<Model>) {
      return this.target(model) !== undefined;
    }
    async run(model: Model) {
      const entity = this.target(model)!;
      const level = api.resource(this.collection);
      if (this.deleted) {
        // use_after_free (the gone-after-delete status) judges it.
        await api.get(this.collection, entity.id, { intent: 'after-delete' });
        return;
      }
      const read = await settled(
        model,
        () => api.get(this.collection, entity.id, { intent: 'positive' }),
        (r) => ok(r) && differs(level, entity, r.response?.json as Record<string, unknown>) === undefined,
      );
      if (!ok(read)) return; // the checks on the exchange report it
      const field = differs(level, entity, read.response?.json as Record<string, unknown>);
      if (field !== undefined) {
        diverge(
          `${level.operations.get} shows ${field} ${JSON.stringify((read.response?.json as Record<string, unknown> | undefined)?.[field])}; the model expects ${JSON.stringify(fields(level, entity)[field])}`,
          read,
        );
      }
    }
    toString() {
      return `get(${this.collection}#${this.pick}${this.deleted ? ', deleted' : ''})`;
    }
  }

  class Update implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
      readonly choice: NameChoice,
      readonly deleted: boolean,
    ) {}
    target(model: Readonly<Model>) {
      return pickOf(this.deleted ? gone(model, this.collection) : live(model, this.collection), this.pick);
    }
    check(model: Readonly<Model>) {
      return this.target(model) !== undefined;
    }
    async run(model: Model) {
      const entity = this.target(model)!;
      const invalid =
        this.choice === 'invalid' && !this.deleted
          ? invalidName(this.collection, 'update', entity.parentId)
          : undefined;
      if (invalid !== undefined) {
        const refused = await api.update(this.collection, entity.id, { name: invalid }, { intent: 'negative' });
        if (ok(refused))
          diverge(
            `renamed a ${this.collection} item to ${JSON.stringify(invalid)}, which its schema forbids`,
            refused,
            nameRule.name,
          );
        return;
      }
      const name = nameFor(
        model,
        this.collection,
        this.choice === 'invalid' ? 'fresh' : this.choice,
        this.pick + 1,
        entity,
      );
      if (this.deleted) {
        await api.update(this.collection, entity.id, { name }, { intent: 'after-delete' });
        return;
      }
      const operationId = api.resource(this.collection).operations.update;
      const broken = refused(model, {
        action: 'update',
        operationId,
        write: { collection: entity.collection, id: entity.id, parentId: entity.parentId, fields: { name } },
      });
      const own = name === entity.name;
      // Renaming to its own current name breaks no state rule: the no-op-update kind says how it is answered.
      const update = await api.update(
        this.collection,
        entity.id,
        { name },
        { intent: broken === undefined && !own ? 'positive' : 'state' },
      );
      if (broken !== undefined) {
        if (ok(update))
          acceptedRefused(broken, `renaming ${withArticle(one(this.collection))} to ${JSON.stringify(name)}`, update);
        return;
      }
      const noOp = own ? noOpVerdict(doc, operationId, update.response?.status) : undefined;
      if (noOp !== undefined)
        diverge(
          `renaming ${withArticle(one(this.collection))} to the name it has (${JSON.stringify(name)}) answered ${update.response?.status}; an update that changes nothing is accepted with ${noOp.expected}`,
          update,
          noOp.rule.name,
        );
      if (ok(update)) {
        entity.name = name;
        wrote(model);
        // The model trusts an acknowledged rename only once it shows: later rules depend on it.
        const level = api.resource(this.collection);
        const read = await settled(
          model,
          () => api.get(this.collection, entity.id),
          (r) => ok(r) && differs(level, entity, r.response?.json as Record<string, unknown>) === undefined,
        );
        const field = ok(read) ? differs(level, entity, read.response?.json as Record<string, unknown>) : undefined;
        if (field !== undefined)
          diverge(
            `${level.operations.update} answered ${update.response?.status}, but ${level.operations.get} then shows ${field} ${JSON.stringify((read.response?.json as Record<string, unknown> | undefined)?.[field])}; the model expects ${JSON.stringify(fields(level, entity)[field])}`,
            read,
          );
      }
    }
    toString() {
      return `update(${this.collection}#${this.pick}${this.deleted ? ', deleted' : ''}, name ${this.choice})`;
    }
  }

  class Delete implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
      readonly deleted: boolean,
    ) {}
    target(model: Readonly<Model>) {
      return pickOf(this.deleted ? gone(model, this.collection) : live(model, this.collection), this.pick);
    }
    check(model: Readonly<Model>) {
      return this.target(model) !== undefined;
    }
    async run(model: Model) {
      const entity = this.target(model)!;
      if (this.deleted) {
        // A second delete answers the gone-after-delete status (use_after_free judges it).
        await api.delete(this.collection, entity.id, { intent: 'after-delete' });
        return;
      }
      // The state kinds say whether the spec refuses it; of deleting an item with children no rule
      // names, the spec says nothing, so any answer is taken.
      const broken = refused(model, {
        action: 'delete',
        operationId: api.resource(this.collection).operations.delete,
        item: itemOf(entity),
      });
      const hasChildren = model.entities.some((e) => e.parentId === entity.id);
      const removed = await api.delete(this.collection, entity.id, {
        intent: broken !== undefined || hasChildren ? 'state' : 'positive',
      });
      if (broken !== undefined && ok(removed))
        acceptedRefused(broken, `deleting ${withArticle(one(this.collection))} (${entity.id})`, removed);
      if (broken !== undefined || hasChildren) return;
      if (ok(removed)) {
        model.entities = model.entities.filter((e) => e !== entity);
        model.deleted.push(entity);
        wrote(model);
      }
    }
    toString() {
      return `delete(${this.collection}#${this.pick}${this.deleted ? ', again' : ''})`;
    }
  }

  class List implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
      readonly maxResults: number,
    ) {}
    parent(model: Readonly<Model>): string | undefined {
      const level = api.resource(this.collection);
      if (level === levels[0]) return context.organizationId;
      return pickOf(live(model, level.parent.resource), this.pick)?.id;
    }
    check(model: Readonly<Model>) {
      return this.parent(model) !== undefined;
    }
    async run(model: Model) {
      const level = api.resource(this.collection);
      const parentId = this.parent(model)!;
      // Below the organization the parent is the model's own, so its items are checked for their parent too.
      const whole = level !== levels[0];
      const expected = live(model, this.collection).filter((e) => e.parentId === parentId);
      const removed = gone(model, this.collection).filter((e) => e.parentId === parentId);
      const problem = (items: Item[]): string | undefined => {
        for (const entity of expected) {
          const shown = items.find((i) => i.id === entity.id);
          if (shown === undefined) return `${entity.id} is missing`;
          const field = differs(level, entity, shown);
          if (field !== undefined)
            return `${entity.id} shows ${field} ${JSON.stringify(shown[field])}, the model ${JSON.stringify(fields(level, entity)[field])}`;
        }
        const twice = items.find((item, index) => items.findIndex((i) => i.id === item.id) !== index);
        if (twice !== undefined) return `${twice.id} is listed twice`;
        const [ghost] = ghostsIn(doc, removed.map(itemOf), items);
        if (ghost !== undefined) return `${ghost} was deleted but is still listed`;
        // Others (other properties of this run, other users of a live tenant) may create items
        // too: what must hold whatever they write is that every item listed belongs to the parent.
        if (whole) {
          const field = level.parent.field;
          const stranger = items.find((i) => i[field] !== undefined && String(i[field]) !== parentId);
          if (stranger !== undefined)
            return `${stranger.id} is listed under ${parentId}, but its ${field} is ${JSON.stringify(stranger[field])}`;
        }
        return undefined;
      };
      // The organization's list may be long on a live tenant: read it in the largest pages.
      const size = whole ? this.maxResults : api.pagination(this.collection).pageSizeMaximum;
      const walk = await settled(
        model,
        () => api.walk(this.collection, parentId, size),
        (w) => w.broken !== undefined || problem(w.items) === undefined,
      );
      if (walk.broken !== undefined) return; // the checks on each page report what broke
      const found = problem(walk.items);
      if (found !== undefined) {
        diverge(
          `listing the ${nounOf(doc, this.collection).many} of ${parentId} (maxResults ${size}, ${walk.pages.length} page(s)): ${found}`,
          walk.pages.at(-1),
        );
      }
    }
    toString() {
      return `list(${this.collection}, parent#${this.pick}, maxResults ${this.maxResults})`;
    }
  }

  const collection = fc.constantFrom(...levels.map((l) => l.name));
  const pick = fc.nat({ max: 7 });
  const choice = fc.constantFrom(...NAME_CHOICES);
  const sample = api.pagination(levels[0]!.name);
  const maxResults = fc.integer({ min: sample.pageSizeMinimum, max: Math.min(3, sample.pageSizeMaximum) });
  return defineProperty<Iterable<Command>>({
    name: 'model-based',
    description:
      "Sequences of every operation over all collections, with arguments that collide with the state, agree with a model of the spec's rules.",
    requires: { stateful: true },
    independentRuns: true,
    reports: [
      MODEL_RULE,
      ...stateRules(doc).map((r) => r.name),
      ...rulesOfKind(doc, 'no-op-update').map((r) => r.name),
      nameRule.name,
      'use_after_free',
    ],
    runsFactor: 0.5,
    arbitrary: () =>
      fc.commands(
        [
          // Creates weigh triple: the other commands need something to work on.
          fc.tuple(collection, pick, choice).map(([c, p, n]) => new Create(c, p, n, false)),
          fc.tuple(collection, pick, choice).map(([c, p, n]) => new Create(c, p, n, false)),
          fc.tuple(collection, pick, choice).map(([c, p, n]) => new Create(c, p, n, false)),
          fc.tuple(collection, pick).map(([c, p]) => new Create(c, p, 'fresh', true)),
          fc.tuple(collection, pick, fc.boolean()).map(([c, p, d]) => new Get(c, p, d)),
          fc.tuple(collection, pick, choice, fc.boolean()).map(([c, p, n, d]) => new Update(c, p, n, d)),
          fc.tuple(collection, pick, choice).map(([c, p, n]) => new Update(c, p, n, false)),
          fc.tuple(collection, pick, fc.boolean()).map(([c, p, d]) => new Delete(c, p, d)),
          fc.tuple(collection, pick, maxResults).map(([c, p, m]) => new List(c, p, m)),
          fc.tuple(collection, pick, maxResults).map(([c, p, m]) => new List(c, p, m)),
        ],
        {
          maxCommands: 40,
          size: 'large',
          ...(session.replayPath === undefined ? {} : { replayPath: session.replayPath }),
        },
      ),
    async run(_session, commands) {
      try {
        await fc.asyncModelRun(
          () => ({ model: { entities: [], deleted: [], lastWriteAt: 0 }, real: context }),
          commands,
        );
      } catch (error) {
        if (error instanceof Divergence) {
          const pointer =
            error.rule === MODEL_RULE
              ? api.operationPointer(error.exchange?.operationId ?? '')
              : api.rulePointer(error.rule);
          session.rule(error.rule, error.message, pointer, error.exchange);
        } else if (!(error instanceof Stopped)) throw error;
      }
    },
  });
}
