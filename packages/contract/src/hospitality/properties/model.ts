import { ruleOf, rulesOfKind } from '@roomkit/openapi';
import fc from 'fast-check';
import type { Exchange } from '../../http/exchange.js';
import { ok, type HospitalityContext } from '../context.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';

interface Entity {
  collection: string;
  id: string;
  parentId: string;
  name: string;
}

/** What the target should hold: every live entity this command sequence created. */
interface Model {
  entities: Entity[];
  deleted: Entity[];
}

/** Stops the command sequence once the target diverged from the model (already recorded). */
class Diverged extends Error {}

type Command = fc.AsyncCommand<Model, HospitalityContext, false>;

/**
 * A fast-check model-based test: create/get/update/delete/list over the hospitality
 * collections, compared after every step with a model that knows the spec's rules.
 */
export function modelBased(context: HospitalityContext): PropertyDefinition<Iterable<Command>> {
  const { api, session, ledger } = context;
  const levels = api.hierarchy;
  const MODEL_RULE = ruleOf(session.spec.doc, 'model').name;
  const unique = rulesOfKind(session.spec.doc, 'unique');
  const deleteRules = rulesOfKind(session.spec.doc, 'delete-requires-empty');
  // A tiny name pool makes duplicates likely, so uniqueness is exercised, not just assumed.
  const pool = ['a', 'b', 'c'].map((suffix) => `${ledger.runId}${suffix}`);
  const leaf = levels[levels.length - 1]!;

  const diverge = (message: string, exchange: Exchange, rule = MODEL_RULE): never => {
    session.rule(
      rule,
      message,
      rule === MODEL_RULE ? api.operationPointer(exchange.operationId ?? '') : api.rulePointer(rule),
      exchange,
    );
    throw new Diverged(message);
  };
  const of = (model: Model, collection: string) => model.entities.filter((e) => e.collection === collection);
  const scopeOf = (
    model: Model,
    entity: { collection: string; parentId: string },
    scope: string,
  ): string | undefined => {
    let cursor: { collection: string; parentId: string; id?: string } | undefined = entity;
    while (cursor !== undefined && cursor.collection !== scope) {
      const parentId: string = cursor.parentId;
      cursor = model.entities.find((e) => e.id === parentId);
    }
    return cursor?.id;
  };
  const clash = (
    model: Model,
    entity: { collection: string; parentId: string; id?: string },
    name: string,
  ): string | undefined => {
    for (const rule of unique) {
      if (rule.resource !== entity.collection) continue;
      const scope = scopeOf(model, entity, rule.scope);
      const taken = of(model, entity.collection).some(
        (e) => e.id !== entity.id && e.name === name && scopeOf(model, e, rule.scope) === scope,
      );
      if (taken) return rule.name;
    }
    return undefined;
  };

  class Create implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
      readonly nameIndex: number,
    ) {}
    /** Where the create lands: the asked-for level, or the closest level above it that has a parent yet. */
    placement(model: Model): { collection: string; parentId: string } {
      let level = api.resource(this.collection);
      for (;;) {
        if (level === levels[0]) return { collection: level.name, parentId: context.organizationId };
        const parents = of(model, level.parent.resource);
        if (parents.length > 0) return { collection: level.name, parentId: parents[this.pick % parents.length]!.id };
        level = api.resource(level.parent.resource);
      }
    }
    check() {
      return true;
    }
    async run(model: Model) {
      const { collection, parentId } = this.placement(model);
      const name = collection === leaf.name ? pool[this.nameIndex % pool.length]! : ledger.name(collection);
      const broken = clash(model, { collection, parentId }, name);
      const { exchange, id } = await api.create(collection, name, parentId, {
        intent: broken === undefined ? 'positive' : 'state',
      });
      if (broken !== undefined) {
        if (ok(exchange))
          diverge(
            `created a second ${collection} item named ${JSON.stringify(name)} in the same scope`,
            exchange,
            broken,
          );
        return;
      }
      if (id === undefined) throw new Diverged('create refused');
      model.entities.push({ collection, id, parentId, name });
    }
    toString() {
      return `create(${this.collection}, parent#${this.pick}, name#${this.nameIndex})`;
    }
  }

  class Read implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
      readonly deleted: boolean,
    ) {}
    target(model: Model) {
      const list = this.deleted
        ? model.deleted.filter((e) => e.collection === this.collection)
        : of(model, this.collection);
      return list.length === 0 ? undefined : list[this.pick % list.length];
    }
    check(model: Readonly<Model>) {
      return this.target(model as Model) !== undefined;
    }
    async run(model: Model) {
      const entity = this.target(model)!;
      const read = await api.get(this.collection, entity.id, { intent: this.deleted ? 'after-delete' : 'positive' });
      if (this.deleted || !ok(read)) return;
      const body = read.response?.json as Record<string, unknown> | undefined;
      const level = api.resource(this.collection);
      if (body?.name !== entity.name || String(body?.[level.parent.field]) !== entity.parentId) {
        diverge(
          `${level.operations.get} shows ${JSON.stringify(body)}; the model expects name ${JSON.stringify(entity.name)} under ${entity.parentId}`,
          read,
        );
      }
    }
    toString() {
      return `get(${this.collection}#${this.pick}${this.deleted ? ', deleted' : ''})`;
    }
  }

  class Rename implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
      readonly nameIndex: number,
    ) {}
    target(model: Model) {
      const list = of(model, this.collection);
      return list.length === 0 ? undefined : list[this.pick % list.length];
    }
    name(): string {
      return this.collection === leaf.name
        ? pool[this.nameIndex % pool.length]!
        : `${ledger.prefix}renamed-${this.nameIndex}`;
    }
    check(model: Readonly<Model>) {
      const entity = this.target(model as Model);
      // Renaming to the current name is left undefined by the vendors.
      return entity !== undefined && entity.name !== this.name();
    }
    async run(model: Model) {
      const entity = this.target(model)!;
      const name = this.name();
      const broken = clash(model, entity, name);
      const update = await api.update(
        this.collection,
        entity.id,
        { name },
        { intent: broken === undefined ? 'positive' : 'state' },
      );
      if (broken !== undefined) {
        if (ok(update))
          diverge(
            `renamed a ${this.collection} item to ${JSON.stringify(name)}, already used in the same scope`,
            update,
            broken,
          );
        return;
      }
      if (ok(update)) entity.name = name;
    }
    toString() {
      return `update(${this.collection}#${this.pick}, name#${this.nameIndex})`;
    }
  }

  class Remove implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
    ) {}
    target(model: Model) {
      const list = of(model, this.collection);
      return list.length === 0 ? undefined : list[this.pick % list.length];
    }
    check(model: Readonly<Model>) {
      return this.target(model as Model) !== undefined;
    }
    async run(model: Model) {
      const entity = this.target(model)!;
      const hasChildren = model.entities.some((e) => e.parentId === entity.id);
      const rule = deleteRules.find((r) => r.resource === this.collection);
      const removed = await api.delete(this.collection, entity.id, { intent: hasChildren ? 'state' : 'positive' });
      if (hasChildren) {
        if (ok(removed) && rule !== undefined)
          diverge(`deleted a ${this.collection} item that still has children`, removed, rule.name);
        return;
      }
      if (ok(removed)) {
        model.entities = model.entities.filter((e) => e !== entity);
        model.deleted.push(entity);
      }
    }
    toString() {
      return `delete(${this.collection}#${this.pick})`;
    }
  }

  class List implements Command {
    constructor(
      readonly collection: string,
      readonly pick: number,
      readonly maxResults: number,
    ) {}
    parent(model: Model): string | undefined {
      const level = api.resource(this.collection);
      if (level === levels[0]) return undefined; // the organization holds more than this run made
      const parents = of(model, level.parent.resource);
      return parents.length === 0 ? undefined : parents[this.pick % parents.length]!.id;
    }
    check(model: Readonly<Model>) {
      return this.parent(model as Model) !== undefined;
    }
    async run(model: Model) {
      const parentId = this.parent(model)!;
      const walk = await api.walk(this.collection, parentId, this.maxResults);
      if (walk.broken !== undefined) return; // the checks on each page report what broke
      const expected = model.entities
        .filter((e) => e.collection === this.collection && e.parentId === parentId)
        .map((e) => e.id)
        .sort();
      const actual = walk.items.map((i) => i.id).sort();
      if (JSON.stringify(expected) !== JSON.stringify(actual)) {
        diverge(
          `listing ${this.collection} of ${parentId} gave [${actual.join(', ')}]; the model holds [${expected.join(', ')}]`,
          walk.pages.at(-1)!,
        );
      }
    }
    toString() {
      return `list(${this.collection}, parent#${this.pick}, maxResults ${this.maxResults})`;
    }
  }

  const collection = fc.constantFrom(...levels.map((l) => l.name));
  const pick = fc.nat({ max: 7 });
  const sample = api.pagination(levels[0]!.name);
  return defineProperty<Iterable<Command>>({
    name: 'model-based',
    description:
      "Sequences of create/get/update/delete/list over all collections agree with a model of the spec's rules.",
    requires: { stateful: true },
    reports: [MODEL_RULE, ...unique.map((r) => r.name), ...deleteRules.map((r) => r.name)],
    runsFactor: 0.5,
    arbitrary: () =>
      fc.commands(
        [
          // Creates weigh double: the other commands need something to work on.
          fc.tuple(collection, pick, fc.nat({ max: 2 })).map(([c, p, n]) => new Create(c, p, n)),
          fc.tuple(collection, pick, fc.nat({ max: 2 })).map(([c, p, n]) => new Create(c, p, n)),
          fc.tuple(collection, pick, fc.boolean()).map(([c, p, d]) => new Read(c, p, d)),
          fc.tuple(collection, pick, fc.nat({ max: 2 })).map(([c, p, n]) => new Rename(c, p, n)),
          fc.tuple(collection, pick).map(([c, p]) => new Remove(c, p)),
          fc
            .tuple(
              collection,
              pick,
              fc.integer({ min: sample.pageSizeMinimum, max: Math.min(3, sample.pageSizeMaximum) }),
            )
            .map(([c, p, m]) => new List(c, p, m)),
        ],
        {
          maxCommands: 30,
          size: 'large',
          ...(session.replayPath === undefined ? {} : { replayPath: session.replayPath }),
        },
      ),
    async run(_session, commands) {
      try {
        await fc.asyncModelRun(() => ({ model: { entities: [], deleted: [] }, real: context }), commands);
      } catch (error) {
        if (!(error instanceof Diverged)) throw error;
      }
    },
  });
}
