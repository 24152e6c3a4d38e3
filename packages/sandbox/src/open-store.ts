// Opens the store --db names. Apart from store.ts (the interface both implementations import), so
// that no implementation's import leads back to itself.
import { isPostgresUrl, type Durability, type Store } from './store.js';

/** The store --db names: a postgres:// URL opens PostgreSQL (migrations applied), anything else a SQLite file. */
export async function openStore(
  database: string,
  options: { durability?: Durability; log?: (line: string) => void } = {},
): Promise<Store> {
  if (isPostgresUrl(database)) {
    const { PostgresStore } = await import('./postgres-store.js');
    return PostgresStore.open(database, options.log ?? (() => undefined));
  }
  const { SqliteStore } = await import('./sqlite-store.js');
  return new SqliteStore(database, options.durability);
}
