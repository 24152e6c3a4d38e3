// The public side of the mock: reads each request body itself (bounded by the spec's limit),
// answers an oversized or malformed one with the operation's documented error, and hands every
// other request to Prism on its private port. Prism 5.14.2 cannot be told a body limit or an
// error shape, and given a body it cannot parse it answers in its own shape (or, in later
// releases, not at all).
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import FindMyWay from 'find-my-way';
import getRawBody from 'raw-body';
import typeIs from 'type-is';
import { listOperations, requestBodyPolicy, type OpenApiDocument } from '@roomkit/openapi';
import { documentedAnswer, type DocumentedAnswer } from './documented-answer.js';

interface BodyRoute {
  operationId: string;
  tooLarge: DocumentedAnswer;
  malformed: DocumentedAnswer;
}

// The media types Prism parses as JSON: exactly the bodies that must be readable JSON before it sees them.
const JSON_TYPES = ['application/json', 'application/*+json'];
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);
// The body is complete when it goes to Prism: nothing to wait for a 100 Continue about.
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'expect']);

export interface FrontServer {
  server: Server;
  /** Points the server at Prism once Prism listens. */
  setUpstream(url: string): void;
  close(): Promise<void>;
}

export function createFrontServer(doc: OpenApiDocument, api: string): FrontServer {
  const policy = requestBodyPolicy(doc);
  if (!policy) throw new Error(`The ${api} spec states no x-roomkit-request-body: the mock needs its body limit.`);
  const router = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 2048 });
  const noop = () => undefined;
  for (const op of listOperations(doc)) {
    if (!op.requestBody) continue;
    const route: BodyRoute = {
      operationId: op.operationId,
      tooLarge: documentedAnswer(doc, op, policy.tooLarge),
      malformed: documentedAnswer(doc, op, policy.malformed),
    };
    router.on(op.method.toUpperCase() as 'POST', op.path.replace(/\{([^}]+)\}/g, ':$1'), noop, route as never);
  }

  let upstream: URL | undefined;
  const agent = new Agent({ keepAlive: true });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const found = router.find((req.method ?? 'GET') as 'POST', q < 0 ? url : url.slice(0, q));
    const route = found?.store as BodyRoute | undefined;
    if (!route) {
      // An operation that takes no body ignores one, as the sandbox does; Prism never parses it.
      req.resume();
      forward(req, res, Buffer.alloc(0));
      return;
    }
    let body: Buffer;
    try {
      body = await getRawBody(req, { limit: policy!.maxBytes, length: req.headers['content-length'] ?? null });
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type === 'request.aborted') return;
      // Node drains what the client still sends after the answer, so the connection stays usable.
      req.resume();
      if (type === 'entity.too.large') {
        answer(
          req,
          res,
          route.tooLarge,
          'payload-too-large',
          `The request body is larger than ${policy!.maxBytes} bytes.`,
        );
      } else {
        answer(
          req,
          res,
          route.malformed,
          'unreadable-body',
          `The request body could not be read: ${(error as Error).message}`,
        );
      }
      return;
    }
    if (body.length > 0 && typeIs(req, JSON_TYPES)) {
      const problem = jsonProblem(body);
      if (problem) {
        answer(req, res, route.malformed, 'invalid-json', problem);
        return;
      }
    }
    forward(req, res, body);
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    if (!upstream) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('The mock is still starting Prism.\n');
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !NOT_FORWARDED.has(name)) headers[name] = value;
    }
    // Always a length, even 0: without one Node would send a chunked body that Prism tries to parse.
    headers['content-length'] = String(body.length);
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
      (answerFromPrism) => {
        // The client may have left while Prism was answering; Node 24 refuses to pipe into a closed response.
        if (res.destroyed) {
          answerFromPrism.resume();
          return;
        }
        const raw = answerFromPrism.rawHeaders;
        const kept: string[] = [];
        for (let i = 0; i < raw.length; i += 2) {
          if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) kept.push(raw[i]!, raw[i + 1]!);
        }
        res.writeHead(answerFromPrism.statusCode ?? 502, answerFromPrism.statusMessage, kept);
        pipeline(answerFromPrism, res, () => undefined);
      },
    );
    res.once('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    out.on('error', (error) => {
      if (res.destroyed) return;
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`Prism did not answer: ${error.message}\n`);
    });
    out.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`The mock failed: ${String(error)}\n`);
    });
  });

  return {
    server,
    setUpstream(url) {
      upstream = new URL(url);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      });
    },
  };
}

/** Why a body is not JSON, or undefined when it is. Invalid UTF-8 counts: a server would refuse it too. */
function jsonProblem(body: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return 'The request body is not valid UTF-8.';
  }
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `The request body is not valid JSON: ${(error as Error).message}`;
  }
}

/** Writes a documented answer, with Prism's CORS headers and its `sl-violations` header naming the reason. */
function answer(
  req: IncomingMessage,
  res: ServerResponse,
  documented: DocumentedAnswer,
  code: string,
  message: string,
) {
  res.writeHead(documented.status, {
    ...corsHeaders(req),
    ...documented.headers,
    'sl-violations': JSON.stringify([{ location: ['request', 'body'], severity: 'Error', code, message }]),
    'Content-Length': Buffer.byteLength(documented.body),
  });
  res.end(documented.body);
}

/** The headers Prism adds to every answer with `--cors` (its default), so that an answer from here looks like one from Prism. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return {
    'Access-Control-Allow-Origin': header('origin') ?? '*',
    'Access-Control-Allow-Headers': header('access-control-request-headers') ?? '*',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': header('access-control-expose-headers') ?? '*',
  };
}
