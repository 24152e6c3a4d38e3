// A tiny round-robin HTTP proxy in front of sandbox replicas, for the benchmark's restart leg:
// what a load balancer does. A request that was not delivered goes to the next replica: the
// connection was refused, or reset before any answer came. A stopping sandbox (SIGTERM) answers
// every request it accepted before it exits, so a reset without an answer means the request was
// never taken (a kept-alive connection closed as it was reused, or one still waiting in the
// listen queue when the replica stopped listening). Nothing else is retried. Usage: node proxy.js <upstream url>...; prints where it listens.
import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const upstreams = process.argv.slice(2).map((u) => new URL(u));
if (upstreams.length === 0) throw new Error('usage: proxy.js <upstream url>...');
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let next = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const attempt = (tries: number, failed?: URL) => {
      let target = upstreams[next++ % upstreams.length]!;
      // A retry goes to another replica than the one that did not take the request.
      if (target === failed && upstreams.length > 1) target = upstreams[next++ % upstreams.length]!;
      let answered = false;
      const out = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
        (upstream: IncomingMessage) => {
          answered = true;
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      out.on('error', (e: NodeJS.ErrnoException) => {
        const undelivered = e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'EPIPE';
        if (!answered && undelivered && tries < upstreams.length * 2) return attempt(tries + 1, target);
        process.stderr.write(`[proxy] ${req.method} ${req.url} via ${target.host}: ${e.code ?? ''} ${e.message}\n`);
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `proxy: ${e.message}` }));
      });
      out.end(body);
    };
    attempt(1);
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`proxy listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
