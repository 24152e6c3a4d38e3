// Bodies Prism cannot be trusted with: each answered at once, with the operation's documented
// error, as the spec's x-roomkit-request-body states.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSpecValidator,
  getOperation,
  loadSpec,
  requestBodyPolicy,
  resolvePointer,
  type ApiName,
  type BodyAnswer,
  type OpenApiDocument,
} from '@roomkit/openapi';
import { startMock, type RunningMock } from '../src/index.js';
import { send } from './support/send.js';

interface Case {
  api: ApiName;
  operationId: string;
  path: string;
  credentials: Record<string, string>;
  /** A valid body, and a valid body grown to exactly `size` bytes. */
  valid: unknown;
  validOfSize: (size: number) => string;
}

const cases: Case[] = [
  {
    api: 'hospitality',
    operationId: 'createProperty',
    path: getOperation(loadSpec('hospitality'), 'createProperty').path,
    credentials: { Authorization: 'Bearer any-token' },
    valid: { name: 'Seaside', organizationId: 'amzn1.alexa.unit.did.AEJ3B7XQ4M2NLDTR9UK5V8WHYC' },
    validOfSize: (size) =>
      padded(size, (name) => ({ name, organizationId: 'amzn1.alexa.unit.did.AEJ3B7XQ4M2NLDTR9UK5V8WHYC' })),
  },
  {
    api: 'room-retrieve',
    operationId: 'retrieveRooms',
    path: getOperation(loadSpec('room-retrieve'), 'retrieveRooms').path,
    credentials: { 'app-id': 'app', Authorization: 'Basic dXNlcjpwYXNz' },
    valid: { hotel_id: 'AWSTEST', channel_hotel_id: '12962495' },
    validOfSize: (size) => padded(size, (hotel_id) => ({ hotel_id, channel_hotel_id: '12962495' })),
  },
];

/** JSON of exactly `size` bytes, the padding in one string field. */
function padded(size: number, make: (filler: string) => unknown): string {
  const bare = JSON.stringify(make('')).length;
  const text = JSON.stringify(make('x'.repeat(size - bare)));
  if (Buffer.byteLength(text) !== size) throw new Error(`could not build a ${size}-byte body`);
  return text;
}

/** The documented example the spec names for this answer, read straight from the document. */
function documentedBody(doc: OpenApiDocument, operationId: string, answer: BodyAnswer): unknown {
  const op = getOperation(doc, operationId);
  const media = resolvePointer(doc, `${op.responses[String(answer.status)]!.pointer}/content/application~1json`) as {
    example?: unknown;
    examples?: Record<string, { value: unknown }>;
  };
  return answer.example ? media.examples![answer.example]!.value : media.example;
}

describe.each(cases)('$api mock: request bodies of $operationId', (c) => {
  const doc = loadSpec(c.api);
  const policy = requestBodyPolicy(doc)!;
  const validator = createSpecValidator(doc);
  const json = { ...c.credentials, 'Content-Type': 'application/json' };
  let mock: RunningMock;
  let url: string;
  beforeAll(async () => {
    mock = await startMock({ api: c.api });
    url = mock.url + c.path;
  });
  afterAll(() => mock?.stop());

  /** The answer is the documented one: status, example body, schema-valid, reason in sl-violations. */
  function expectDocumented(
    answer: { status: number; text: string; headers: Record<string, unknown> },
    spec: BodyAnswer,
    code: string,
  ) {
    expect(answer.status).toBe(spec.status);
    const body = JSON.parse(answer.text) as unknown;
    expect(body).toEqual(documentedBody(doc, c.operationId, spec));
    expect(validator.responseBody(c.operationId, spec.status, body)).toMatchObject({ valid: true });
    expect(String(answer.headers['sl-violations'])).toContain(code);
  }

  it('answers malformed JSON with the documented malformed-body error', async () => {
    expectDocumented(await send(url, { headers: json, body: '{"name":' }), policy.malformed, 'invalid-json');
  });

  it('answers malformed JSON sent chunked the same way', async () => {
    expectDocumented(
      await send(url, { headers: json, body: '{"name":', chunked: true }),
      policy.malformed,
      'invalid-json',
    );
  });

  it('refuses a body that is not UTF-8 as malformed', async () => {
    const body = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expectDocumented(await send(url, { headers: json, body }), policy.malformed, 'invalid-json');
  });

  it('answers an oversized body with the documented too-large error, declared or chunked', async () => {
    const body = c.validOfSize(policy.maxBytes + 1);
    expectDocumented(await send(url, { headers: json, body }), policy.tooLarge, 'payload-too-large');
    expectDocumented(await send(url, { headers: json, body, chunked: true }), policy.tooLarge, 'payload-too-large');
  });

  it('answers a body far over the limit before the client has sent it all', async () => {
    const body = c.validOfSize(50 * policy.maxBytes);
    expectDocumented(await send(url, { headers: json, body }), policy.tooLarge, 'payload-too-large');
  });

  it('hands a body of exactly the limit to Prism', async () => {
    const answer = await send(url, { headers: json, body: c.validOfSize(policy.maxBytes) });
    expect(answer.status).not.toBe(policy.tooLarge.status);
    expect(answer.status).toBeLessThan(300);
  });

  it('answers a missing or empty required body with the documented 400 (from Prism)', async () => {
    for (const answer of [
      await send(url, { headers: json }),
      await send(url, { headers: json, body: '' }),
      await send(url, { headers: json, body: '', chunked: true }),
    ]) {
      expect(answer.status).toBe(400);
      expect(validator.responseBody(c.operationId, 400, JSON.parse(answer.text))).toMatchObject({ valid: true });
      expect(String(answer.headers['sl-violations'])).toContain('Body parameter is required');
    }
  });

  it('answers a body of the wrong content type with the documented 400 (from Prism)', async () => {
    const answer = await send(url, { headers: { ...c.credentials, 'Content-Type': 'text/plain' }, body: '{"name":' });
    expect(answer.status).toBe(400);
    expect(validator.responseBody(c.operationId, 400, JSON.parse(answer.text))).toMatchObject({ valid: true });
    expect(String(answer.headers['sl-violations'])).toContain('Supported content types');
  });

  it('still serves a valid body as before, on the same connection after an error', async () => {
    await send(url, { headers: json, body: '{' });
    const answer = await send(url, { headers: json, body: JSON.stringify(c.valid) });
    expect(answer.status).toBeLessThan(300);
    expect(validator.responseBody(c.operationId, answer.status, JSON.parse(answer.text))).toMatchObject({
      valid: true,
    });
  });
});

describe('operations without a request body', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ api: 'hospitality' });
  });
  afterAll(() => mock?.stop());

  it('ignore a body, even a malformed or oversized one, as the sandbox does', async () => {
    const doc = loadSpec('hospitality');
    const example = resolvePointer(
      doc,
      `${getOperation(doc, 'getProperty').responses['200']!.pointer}/content/application~1json/example`,
    ) as { id: string };
    const url = `${mock.url}${getOperation(doc, 'getProperty').path.replace('{propertyId}', example.id)}`;
    const headers = { Authorization: 'Bearer any-token', 'Content-Type': 'application/json' };
    for (const body of ['{"name":', 'x'.repeat(2 * requestBodyPolicy(doc)!.maxBytes)]) {
      const answer = await send(url, { method: 'GET', headers, body });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual(example);
    }
  });

  it('leave unknown paths to Prism, which answers 404', async () => {
    const answer = await send(`${mock.url}/no/such/path`, {
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(answer.status).toBe(404);
  });
});

describe('clients that hang up', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ api: 'hospitality' });
  });
  afterAll(() => mock?.stop());

  it('do not bring the mock down when they leave before Prism answers', async () => {
    const { port } = new URL(mock.url);
    const path = getOperation(loadSpec('hospitality'), 'listProperties').path;
    const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer any-token\r\n\r\n`;
    // Each client writes a request and closes at once: the answer from Prism finds no one to go to.
    for (let i = 0; i < 50; i++) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(request, () => socket.destroy()));
        socket.once('close', () => resolve());
        socket.once('error', reject);
      });
    }
    const answer = await send(`${mock.url}${path}`, { method: 'GET', headers: { Authorization: 'Bearer any-token' } });
    expect(answer.status).toBeLessThan(500);
  });
});
