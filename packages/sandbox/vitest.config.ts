import { defineConfig } from 'vitest/config';

// Timeouts are hang guards sized for a loaded 2-core machine (pnpm test:busy), never speed limits.
//
// The behaviour suites that speak HTTP to a sandbox run twice: on SQLite (project "sqlite", with
// every other test) and on PostgreSQL (project "postgres": one embedded server for the run, a
// database per sandbox). On PostgreSQL the fuzz run is shorter (2,000 requests of the same
// sequence) and the fault probes are those of the areas that meet the store (faults.test.ts,
// STORE_AREAS), so the suite stays within minutes.
const onBothStores = [
  'test/hospitality.test.ts',
  'test/bad-input.test.ts',
  'test/methods-and-empty-values.test.ts',
  'test/messages.test.ts',
  'test/room-retrieve.test.ts',
  'test/room-retrieve-tokens.test.ts',
  'test/faults.test.ts',
  'test/fuzz.test.ts',
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
