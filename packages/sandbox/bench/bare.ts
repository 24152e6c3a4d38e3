// The benchmark's ceiling: a bare node:http server answering fixed JSON (200 to a read, 201 to a
// write), no routing, validation or storage. Run as its own process, like the servers it is
// compared with; prints where it listens.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const read = JSON.stringify({ id: 'amzn1.alexa.unit.did.ABAREPROPERTY', name: 'Bare Hotel', organizationId: 'x' });
const created = JSON.stringify({ id: 'amzn1.alexa.unit.did.ABARECREATED' });

const server = createServer((req, res) => {
  const write = req.method === 'POST';
  // Read (and drop) the body, as every other server here does.
  req.resume();
  req.on('end', () => {
    const body = write ? created : read;
    res.writeHead(write ? 201 : 200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'X-Amzn-RequestId': 'bare',
    });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`bare node:http listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
