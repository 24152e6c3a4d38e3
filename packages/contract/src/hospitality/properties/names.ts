import { invalidFor, validFor } from '@roomkit/arbitraries';
import fc from 'fast-check';
import {
  fieldEdgeCases,
  fieldSchemaIn,
  fieldSchemaRule,
  fieldVerdict,
  type FieldCase,
} from '../../kinds/field-schema.js';
import { ok, type HospitalityContext } from '../context.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';

type NameInput = FieldCase;

/**
 * Names of the uniquely named resource (rooms) follow their schema on create and update:
 * generated valid names (every allowed special character, shortest and longest) are accepted,
 * invalid ones (characters outside the pattern, empty, too long, wrong type) refused.
 */
export function roomNames(context: HospitalityContext): PropertyDefinition<NameInput> {
  const { api, session } = context;
  const rule = fieldSchemaRule(session.spec.doc);
  const NAME_RULE = rule.name;
  const resource = api.resource(rule.resource);
  const root = session.spec.doc;
  const { schema, pointer } = fieldSchemaIn(root, session.spec.operation(resource.operations.create), rule.field);
  const accepts = (value: unknown) => session.spec.validate(pointer, value).valid;
  let scope: string | undefined;
  const taken = new Set<string>();
  /**
   * The runs go side by side in groups (independentRuns), all in one scope: two runs may send one
   * value at once, and then the one that lands second is refused for the other's name, not for its
   * own. A value sent while another request with it is in flight is contended: no run judges a
   * refusal of it (the uniqueness property judges clashes).
   */
  const inFlight = new Map<string, { active: number; contended: boolean }>();
  const send = async <T>(value: unknown, request: () => Promise<T>): Promise<{ result: T; contended: boolean }> => {
    if (typeof value !== 'string') return { result: await request(), contended: false };
    const key = value.toLowerCase();
    const entry = inFlight.get(key) ?? { active: 0, contended: false };
    inFlight.set(key, entry);
    entry.active += 1;
    if (entry.active > 1) entry.contended = true;
    try {
      const result = await request();
      return { result, contended: entry.contended };
    } finally {
      entry.active -= 1;
      if (entry.active === 0) inFlight.delete(key);
    }
  };

  /** The spec decides which characters are allowed: the field-schema kind draws the edge cases from it. */
  const edgeCases = (): NameInput[] => fieldEdgeCases(root, schema, accepts);

  return defineProperty<NameInput>({
    name: 'room-names',
    description: `${resource.name} names follow their schema on create and update: valid names accepted, invalid ones rejected.`,
    requires: { stateful: true },
    reports: [NAME_RULE],
    independentRuns: true,
    examples: edgeCases,
    async setup() {
      const chain = await context.chainTo(resource.name);
      scope = chain[chain.length - 1];
    },
    arbitrary: () =>
      fc
        .record({
          named: fc.oneof(
            validFor(schema, { root }).map((value) => ({ valid: true, value })),
            invalidFor(schema, { root }).map((broken) => ({ valid: false, value: broken.value, keyword: broken.rule })),
          ),
          via: fc.constantFrom('create' as const, 'update' as const),
        })
        .map(({ named, via }) => ({ ...named, via })),
    async run(_session, input) {
      const parentId = scope!;
      let sent;
      if (input.via === 'create') {
        sent = await send(input.value, () =>
          session.call(resource.operations.create, {
            json: { [rule.field]: input.value, [resource.parent.field]: parentId },
          }),
        );
      } else {
        const id = await context.make(resource.name, parentId);
        sent = await send(input.value, () => api.update(resource.name, id, { [rule.field]: input.value }));
      }
      const exchange = sent.result;
      // Taken by another run before this answer came (whenever that run began), or in flight with
      // it: a refusal may be for the other's name. Runs only add names (rooms are not deleted).
      const clash = sent.contended || (typeof input.value === 'string' && taken.has(input.value.toLowerCase()));
      const accepted = ok(exchange);
      if (accepted && typeof input.value === 'string') taken.add(input.value.toLowerCase());
      const status = exchange.response?.status;
      const operationId = input.via === 'create' ? resource.operations.create : resource.operations.update;
      // The field-schema kind judges the answer.
      const verdict = fieldVerdict(input.valid, status, clash);
      if (verdict === 'valid-refused') {
        session.rule(
          NAME_RULE,
          `${operationId} refused the valid ${rule.field} ${JSON.stringify(input.value)} with ${status}`,
          pointer,
          exchange,
        );
      }
      if (verdict === 'invalid-accepted') {
        session.rule(
          NAME_RULE,
          `${operationId} accepted the invalid ${rule.field} ${JSON.stringify(input.value)} (breaks "${input.keyword}") with ${status}; expected a 4xx`,
          `${pointer}/${input.keyword ?? ''}`,
          exchange,
        );
      }
    },
  });
}
