import { getOperation, loadSpec, requestBodyPolicy } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { paddedJson, refusedForNoLength, sizedBodies, sizeVerdict } from '../src/kinds/body-size-limit.js';
import { contentTypeProbes, withMediaType } from '../src/kinds/content-type-required.js';
import { keptExactly, surrogateAnswer, withLoneSurrogate } from '../src/kinds/lone-surrogate.js';
import { cutShort } from '../src/kinds/malformed-body.js';
import { spoiledBodyTaken } from '../src/kinds/refused-body.js';
import { basePathOf, probePath } from '../src/kinds/undocumented-path.js';

const doc = loadSpec('hospitality');
const policy = requestBodyPolicy(doc)!;

describe('the body-size-limit kind', () => {
  it('probes at the limit, one byte over, and one byte over in chunks, with bodies padded to the byte', () => {
    expect(sizedBodies(policy)).toEqual([
      { bytes: policy.maxBytes, chunked: false },
      { bytes: policy.maxBytes + 1, chunked: false },
      { bytes: policy.maxBytes + 1, chunked: true },
    ]);
    const text = paddedJson({ name: 'é' }, 40);
    expect(new TextEncoder().encode(text).length).toBe(40);
    expect(JSON.parse(text)).toEqual({ name: 'é' });
    expect(() => paddedJson({ name: 'x'.repeat(50) }, 10)).toThrow(/cannot be padded/);
  });
  it('at the limit a documented success, over it the tooLarge status; 411 for a chunked body is no verdict', () => {
    const at = { bytes: policy.maxBytes, chunked: false };
    const over = { bytes: policy.maxBytes + 1, chunked: false };
    expect(sizeVerdict(policy, [204], at, 204)).toBe(undefined);
    expect(sizeVerdict(policy, [204], at, policy.tooLarge.status)).toEqual([204]);
    expect(sizeVerdict(policy, [204], at, 500)).toBe(undefined);
    expect(sizeVerdict(policy, [204], over, policy.tooLarge.status)).toBe(undefined);
    expect(sizeVerdict(policy, [204], over, 204)).toEqual([policy.tooLarge.status]);
    expect(sizeVerdict(policy, [204], over, 500)).toEqual([policy.tooLarge.status]);
    expect(refusedForNoLength({ bytes: 1, chunked: true }, 411)).toBe(true);
    expect(refusedForNoLength({ bytes: 1, chunked: false }, 411)).toBe(false);
  });
});

describe('the refused-body kinds: content-type-required and malformed-body', () => {
  it('send the valid body without Content-Type, under each undocumented safelisted media type, or cut short', () => {
    expect(contentTypeProbes(getOperation(doc, 'createRoom'))).toEqual([
      null,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ]);
    expect(withMediaType({ a: 1 }, null)).toEqual({ json: { a: 1 }, withoutContentType: true });
    expect(withMediaType({ a: 1 }, 'text/plain')).toEqual({
      rawBody: '{"a":1}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(() => JSON.parse(cutShort({ a: 1 }))).toThrow();
  });
  it("any answer but the rule's status, a 5xx or none takes the spoiled body", () => {
    expect(spoiledBodyTaken(400, 400)).toBe(false);
    expect(spoiledBodyTaken(400, 204)).toBe(true);
    expect(spoiledBodyTaken(400, 415)).toBe(true);
    expect(spoiledBodyTaken(400, 500)).toBe(false);
    expect(spoiledBodyTaken(400, undefined)).toBe(false);
  });
});

describe('the lone-surrogate kind', () => {
  it("refused with the rule's status, or taken and kept exactly", () => {
    const sent = withLoneSurrogate('Suite');
    expect(sent.charCodeAt(sent.length - 1)).toBe(0xd800);
    expect(surrogateAnswer(400, [204], 400)).toBe(undefined);
    expect(surrogateAnswer(400, [204], 204)).toBe('taken');
    expect(surrogateAnswer(400, [204], 422)).toBe('refused-otherwise');
    expect(surrogateAnswer(400, [204], 502)).toBe(undefined);
    expect(keptExactly(sent, sent)).toBe(true);
    expect(keptExactly(sent, 'Suite\ufffd')).toBe(false);
  });
});

describe('the undocumented-path kind', () => {
  it('probes a name of its own under the literal base every documented path shares', () => {
    expect(basePathOf(['/a/b/c', '/a/b/{id}', '/a/b/d/e'])).toBe('/a/b');
    expect(basePathOf(['/x'])).toBe('/');
    expect(probePath('/a/b', 'roomkit-1')).toBe('/a/b/roomkit-1');
    expect(probePath('/', 'roomkit-1')).toBe('/roomkit-1');
  });
});
