import { describe, expect, it } from 'vitest';
import {
  answerProblems,
  contentTypeProblem,
  headerNamed,
  headerProblems,
  mediaTypeMatches,
  type DocumentedResponse,
  type SchemaValidator,
} from '../src/index.js';

/** A validator over two hand-made schemas: enough to see what the checks pass it. */
const validator: SchemaValidator = {
  validate(pointer, data) {
    const ok =
      pointer === '#/integer'
        ? Number.isInteger(data) && (data as number) >= 0
        : pointer === '#/id'
          ? typeof data === 'string' && /^r-/.test(data)
          : typeof data === 'object' && data !== null && typeof (data as { id?: unknown }).id === 'string';
    return ok
      ? { valid: true, errors: [] }
      : { valid: false, errors: [{ path: '', message: `must match ${pointer}` }] };
  },
};

const documented: DocumentedResponse = {
  status: '201',
  contentTypes: ['application/json'],
  headers: {
    'X-Request-Id': { required: true, schemaPointer: '#/id' },
    'Retry-After': { required: false, schemaPointer: '#/integer' },
  },
  schemaPointer: '#/body',
};

describe('response conformance', () => {
  it('looks headers up without regard to case', () => {
    expect(headerNamed({ 'x-request-id': 'r-1' }, 'X-Request-Id')).toBe('r-1');
    expect(headerNamed({ other: 'x' }, 'X-Request-Id')).toBeUndefined();
  });

  it('matches media types with wildcards, case-insensitively', () => {
    expect(mediaTypeMatches('application/json', 'application/json')).toBe(true);
    expect(mediaTypeMatches('Application/JSON', 'application/*')).toBe(true);
    expect(mediaTypeMatches('text/plain', '*/*')).toBe(true);
    expect(mediaTypeMatches('text/plain', 'application/json')).toBe(false);
    expect(contentTypeProblem(documented, 'application/json')).toBeUndefined();
    expect(contentTypeProblem(documented, 'text/plain')).toBe('Content-Type text/plain; documented: application/json');
    expect(contentTypeProblem(documented, undefined)).toMatch(/\(none\)/);
    expect(contentTypeProblem({ ...documented, contentTypes: [] }, 'application/json')).toMatch(/none is documented/);
  });

  it('reports missing required headers and headers off their schema, numbers checked as numbers', () => {
    expect(headerProblems(validator, documented, { 'X-Request-Id': 'r-1', 'Retry-After': '3' })).toEqual([]);
    expect(headerProblems(validator, documented, { 'Retry-After': '3' })).toEqual([
      { header: 'X-Request-Id', kind: 'missing' },
    ]);
    const [problem] = headerProblems(validator, documented, { 'X-Request-Id': 'r-1', 'retry-after': 'soon' });
    expect(problem).toMatchObject({ header: 'Retry-After', kind: 'invalid', value: 'soon' });
    expect(headerProblems(validator, documented, { 'X-Request-Id': '42' })).toHaveLength(1);
  });

  it('lists every departure of an answer, one line each', () => {
    const good = { headers: { 'X-Request-Id': 'r-1' }, mediaType: 'application/json', body: { id: 'a' } };
    expect(answerProblems(validator, documented, good)).toEqual([]);
    const problems = answerProblems(validator, documented, {
      headers: { 'Retry-After': '-1' },
      mediaType: 'text/plain',
      body: { id: 1 },
    });
    expect(problems).toEqual([
      'body must match #/body',
      'content type: Content-Type text/plain; documented: application/json',
      'header X-Request-Id is required',
      'header Retry-After must match #/integer',
    ]);
  });
});
