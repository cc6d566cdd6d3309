// What the library's integration specs share. The database is the integration setup's fresh one
// (libs/testing global-setup sets DATABASE_URL), read from the environment, not through
// @riskpool/testing, which itself depends on this library.
import { Client } from 'pg';

export function requiredDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (url === undefined || url === '') {
    throw new Error('DATABASE_URL is not set: run with `npx jest --selectProjects integration`');
  }
  return url;
}

/** Drops `schema` and everything in it once the spec file is done, on a connection of its own. */
export function dropSchemaAfterAll(databaseUrl: string, schema: string): void {
  afterAll(async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
}
