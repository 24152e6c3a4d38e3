import { describe, expect, it } from 'vitest';
import { createSpecValidator, getOperation } from '@roomkit/openapi';
import { answerProblems } from '../src/conformance.js';
import { BASE, hospitalityDoc } from './harness.js';

const validator = createSpecValidator(hospitalityDoc);
const create = getOperation(hospitalityDoc, 'createProperty');
const id = 'amzn1.alexa.unit.did.ABC123';
const good = {
  status: 201,
  headers: { 'X-Amzn-RequestId': 'r-1', Location: `${BASE}/properties/${id}` },
  body: { id },
};

describe('answer conformance check', () => {
  it('accepts a documented answer', () => {
    expect(answerProblems(validator, create, good)).toEqual([]);
  });

  it('names each departure from the spec', () => {
    const problems = (out: object) => answerProblems(validator, create, { ...good, ...out }).join(' | ');
    expect(problems({ status: 202 })).toMatch(/not documented/);
    expect(problems({ body: { id: 42 } })).toMatch(/id must be string/);
    expect(problems({ headers: { Location: good.headers.Location } })).toMatch(/X-Amzn-RequestId is required/);
    expect(problems({ headers: { 'X-Amzn-RequestId': 'r', Location: '/somewhere/else' } })).toMatch(
      /header Location must match pattern/,
    );
    expect(problems({ headers: { 'x-amzn-requestid': 'r', location: good.headers.Location } })).toBe('');
  });

  it('checks numeric headers as numbers', () => {
    const throttled = { status: 429, headers: { 'X-Amzn-RequestId': 'r' }, body: { message: 'slow down' } };
    expect(
      answerProblems(validator, create, { ...throttled, headers: { ...throttled.headers, 'Retry-After': '3' } }),
    ).toEqual([]);
    expect(
      answerProblems(validator, create, {
        ...throttled,
        headers: { ...throttled.headers, 'Retry-After': 'soon' },
      }).join(),
    ).toMatch(/Retry-After/);
  });
});
