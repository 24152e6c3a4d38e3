// x-roomkit-request-body: the size limit and the answers to unreadable bodies, which the mock
// serves and the contract suite may rely on.
import { describe, expect, it } from 'vitest';
import {
  apiNames,
  listOperations,
  loadSpec,
  requestBodyPolicy,
  resolvePointer,
  type OpenApiDocument,
} from '../src/index.js';

describe.each(apiNames)('%s request-body policy', (api) => {
  const doc = loadSpec(api);
  const policy = requestBodyPolicy(doc)!;

  it('takes bodies up to 64 KiB', () => {
    expect(policy.maxBytes).toBe(64 * 1024);
  });

  it('is answerable on every operation that takes a body: both statuses documented, a named example where one is chosen', () => {
    const withBody = listOperations(doc).filter((op) => op.requestBody);
    expect(withBody.length).toBeGreaterThan(0);
    for (const op of withBody) {
      for (const answer of [policy.tooLarge, policy.malformed]) {
        const response = op.responses[String(answer.status)];
        expect(response, `${op.operationId} documents ${answer.status}`).toBeDefined();
        const media = resolvePointer(doc, `${response!.pointer}/content/application~1json`) as {
          example?: unknown;
          examples?: Record<string, unknown>;
        };
        if (answer.example) expect(Object.keys(media.examples ?? {})).toContain(answer.example);
        else expect(media.example, `${op.operationId} ${answer.status} has one example`).toBeDefined();
      }
    }
  });
});

describe('requestBodyPolicy', () => {
  const spec = (policy: unknown) =>
    ({ ...loadSpec('hospitality'), 'x-roomkit-request-body': policy }) as OpenApiDocument;

  it('is absent when the spec states none', () => {
    const { ['x-roomkit-request-body']: _omitted, ...rest } = loadSpec('hospitality');
    expect(requestBodyPolicy(rest as OpenApiDocument)).toBeUndefined();
  });

  it('names the field a malformed policy gets wrong', () => {
    const ok = { status: 400 };
    expect(() => requestBodyPolicy(spec({ maxBytes: 0, tooLarge: ok, malformed: ok }))).toThrow(/maxBytes/);
    expect(() => requestBodyPolicy(spec({ maxBytes: 10, tooLarge: { status: 200 }, malformed: ok }))).toThrow(
      /tooLarge\.status must be a 4xx/,
    );
    expect(() =>
      requestBodyPolicy(spec({ maxBytes: 10, tooLarge: ok, malformed: { status: 400, example: 3 } })),
    ).toThrow(/malformed\.example/);
  });
});
