// globalSetup of the vitest project "postgres": one PostgreSQL server for the whole run of the
// behaviour suites against the PostgreSQL store; each sandbox gets a database of its own on it.
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../bench/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server's maintenance database URL (see harness.ts startSandbox). */
    postgresServer: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresServer', server.url('postgres'));
  return () => server.stop();
}
