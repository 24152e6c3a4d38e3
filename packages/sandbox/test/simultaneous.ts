// Requests the sandbox has all of before it answers any: one connection each, opened first, each
// request written but for its last byte, then the last bytes in one synchronous loop. What the
// race faults need to show, and what the correct sandbox must withstand.
import { connect, type Socket } from 'node:net';
import type { Sandbox } from '../src/index.js';

export interface RawRequest {
  method: string;
  path: string;
  body?: unknown;
}

function opened(url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The status of each answer, in the order of the requests. */
export async function simultaneous(sandbox: Sandbox, token: string, requests: RawRequest[]): Promise<number[]> {
  const url = new URL(sandbox.url);
  const sockets = await Promise.all(requests.map(() => opened(url)));
  const answers = sockets.map(
    (socket) =>
      new Promise<number>((resolve, reject) => {
        const chunks: Buffer[] = [];
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.once('error', reject);
        socket.once('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(chunks).toString())?.[1])));
      }),
  );
  const wire = requests.map(({ method, path, body }) => {
    const payload = body === undefined ? '' : JSON.stringify(body);
    return Buffer.from(
      `${method} ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n` +
        (body === undefined
          ? ''
          : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n`) +
        `\r\n${payload}`,
    );
  });
  await Promise.all(
    sockets.map((socket, i) => new Promise<void>((resolve) => socket.write(wire[i]!.subarray(0, -1), () => resolve()))),
  );
  sockets.forEach((socket, i) => socket.write(wire[i]!.subarray(-1)));
  return Promise.all(answers);
}
