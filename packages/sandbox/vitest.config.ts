import { defineConfig } from 'vitest/config';

// Timeouts are hang guards sized for a loaded 2-core machine (pnpm test:busy), never speed limits.
//
// The behaviour suites that speak HTTP to a sandbox run twice: on SQLite (project "sqlite", with
// every other test) and on PostgreSQL (project "postgres": one embedded server for the run, a
// database per sandbox). The fuzz run and the fault probes stay on SQLite: the store is below
// the hooks they exercise, and they would double CI's time.
const onBothStores = [
  'test/hospitality.test.ts',
  'test/bad-input.test.ts',
  'test/methods-and-empty-values.test.ts',
  'test/messages.test.ts',
  'test/room-retrieve.test.ts',
  'test/room-retrieve-tokens.test.ts',
];

// PostgreSQL only: the store on its own, and two sandbox processes on one PostgreSQL server of
// their own (it is stopped and restarted).
const onPostgresOnly = ['test/postgres-store.test.ts', 'test/replicas.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Stopping the PostgreSQL server of the project "postgres" (a shutdown checkpoint) on a loaded machine.
    teardownTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: onPostgresOnly } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [...onBothStores, ...onPostgresOnly],
          globalSetup: ['test/postgres-setup.ts'],
        },
      },
    ],
  },
});
