// The PostgreSQL store on its own: migrations (applied once, under a lock, however many replicas
// start at once; a newer schema refused) and a database that cannot be reached at start.
import { describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createDatabase } from '../bench/embedded-postgres.js';
import { MIGRATIONS } from '../src/postgres-store.js';
import { openStore } from '../src/open-store.js';

const server = inject('postgresServer');

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL store', () => {
  it('applies its migrations once when several replicas open one database at once', async () => {
    const url = await createDatabase(server);
    const stores = await Promise.all([1, 2, 3].map(() => openStore(url)));
    try {
      expect(stores.map((s) => s.kind)).toEqual(['postgres', 'postgres', 'postgres']);
      const applied = await query<{ version: number }>(url, 'SELECT version FROM roomkit_migrations ORDER BY version');
      expect(applied.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      // One secret for all of them: page tokens of one replica are honoured by another.
      const secrets = await Promise.all(stores.map((s) => s.secret('page-token-key')));
      expect(new Set(secrets.map((b) => b.toString('base64'))).size).toBe(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('refuses a database that a newer sandbox migrated, saying what to do', async () => {
    const url = await createDatabase(server);
    await (await openStore(url)).close();
    const newer = MIGRATIONS.at(-1)!.version + 1;
    await query(url, `INSERT INTO roomkit_migrations (version, name) VALUES (${newer}, 'from the future')`);
    await expect(openStore(url)).rejects.toThrow(
      new RegExp(
        `schema is at migration ${newer}, newer than this sandbox knows .*upgrade the sandbox or use another database`,
      ),
    );
  });

  it('names the database it cannot reach, without its password', async () => {
    const unreachable = new URL(server);
    unreachable.port = '1';
    unreachable.pathname = '/nowhere';
    await expect(openStore(unreachable.toString())).rejects.toThrow(
      /^Cannot open the PostgreSQL database postgres:\/\/roomkit:\*\*\*@127\.0\.0\.1:1\/nowhere: /,
    );
  });
});
