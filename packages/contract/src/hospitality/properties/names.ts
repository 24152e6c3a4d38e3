import { invalidFor, validFor } from '@roomkit/arbitraries';
import { deref, pointerSegment, ruleOf } from '@roomkit/openapi';
import fc from 'fast-check';
import { ok, type HospitalityContext } from '../context.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';

interface NameInput {
  valid: boolean;
  value: unknown;
  /** The JSON Schema keyword an invalid value breaks. */
  keyword?: string;
  via: 'create' | 'update';
}

/** Where the schema of a unique field (room `name`) lives, followed through `$ref`s. */
function fieldSchema(
  context: HospitalityContext,
  resource: string,
  field: string,
): { schema: Record<string, unknown>; pointer: string } {
  const { session, api } = context;
  const operation = session.spec.operation(api.resource(resource).operations.create);
  const body = deref<Record<string, unknown>>(
    session.spec.doc,
    operation.requestBody!.schema,
    operation.requestBody!.schemaPointer!,
  );
  const properties = body.value.properties as Record<string, unknown>;
  const found = deref<Record<string, unknown>>(
    session.spec.doc,
    properties[field],
    `${body.pointer}/properties/${pointerSegment(field)}`,
  );
  return { schema: found.value, pointer: found.pointer };
}

/**
 * Names of the uniquely named resource (rooms) follow their schema on create and update:
 * generated valid names (every allowed special character, shortest and longest) are accepted,
 * invalid ones (characters outside the pattern, empty, too long, wrong type) refused.
 */
export function roomNames(context: HospitalityContext): PropertyDefinition<NameInput> {
  const { api, session } = context;
  const rule = ruleOf(session.spec.doc, 'field-schema');
  const NAME_RULE = rule.name;
  const resource = api.resource(rule.resource);
  const { schema, pointer } = fieldSchema(context, resource.name, rule.field);
  const root = session.spec.doc;
  const accepts = (value: unknown) => session.spec.validate(pointer, value).valid;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
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

  /** The spec decides which characters are allowed: every printable ASCII punctuation mark is tried against it. */
  const edgeCases = (): NameInput[] => {
    const punctuation = [...Array(95).keys()]
      .map((i) => String.fromCharCode(32 + i))
      .filter((c) => !/[A-Za-z0-9]/.test(c));
    const cases: NameInput[] = punctuation.map((c) => {
      const value = `A${c}1`;
      return accepts(value)
        ? { valid: true, value, via: 'create' as const }
        : { valid: false, value, keyword: 'pattern', via: 'create' as const };
    });
    const lengths = [Math.max(1, minLength), ...(maxLength === undefined ? [] : [maxLength])];
    for (const length of lengths) {
      const [value] = fc.sample(validFor({ ...schema, minLength: length, maxLength: length }, { root }), {
        numRuns: 1,
        seed: length,
      });
      cases.push(
        { valid: true, value, via: 'create' },
        { valid: true, value: `${value as string}`.split('').reverse().join(''), via: 'update' },
      );
    }
    if (minLength > 0) cases.push({ valid: false, value: '', keyword: 'minLength', via: 'create' });
    if (maxLength !== undefined)
      cases.push(
        { valid: false, value: 'A'.repeat(maxLength + 1), keyword: 'maxLength', via: 'create' },
        { valid: false, value: 'B'.repeat(maxLength + 1), keyword: 'maxLength', via: 'update' },
      );
    cases.push(...cases.filter((c) => c.keyword === 'pattern').map((c) => ({ ...c, via: 'update' as const })));
    return cases.filter((c) => c.valid === accepts(c.value));
  };

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
      const status = exchange.response?.status ?? 0;
      const operationId = input.via === 'create' ? resource.operations.create : resource.operations.update;
      if (input.valid && !clash && status >= 400 && status < 500) {
        session.rule(
          NAME_RULE,
          `${operationId} refused the valid ${rule.field} ${JSON.stringify(input.value)} with ${status}`,
          pointer,
          exchange,
        );
      }
      if (!input.valid && accepted) {
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
