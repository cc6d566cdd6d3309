// The per-service PostgreSQL roles for a test or demo database (libs/db service-roles.ts): fresh
// random passwords each run, the URLs each service connects with.
import { randomBytes } from 'node:crypto';
import { provisionServiceRoles, serviceRoleNames, urlAsRole } from '@riskpool/db';

export interface ServiceDatabaseUrls {
  /** The runtime role's URL: the service's DATABASE_URL. */
  readonly DATABASE_URL: string;
  /** The schema owner's URL: the service's DATABASE_MIGRATION_URL. */
  readonly DATABASE_MIGRATION_URL: string;
}

/**
 * Creates (or updates) the owner and runtime roles of each schema in the database `adminUrl`
 * points at (a superuser's URL) and returns each schema's two URLs.
 */
export async function provisionTestServiceRoles(
  adminUrl: string,
  schemas: readonly string[],
): Promise<Map<string, ServiceDatabaseUrls>> {
  const setups = schemas.map((schema) => ({
    schema,
    ownerPassword: randomBytes(18).toString('hex'),
    runtimePassword: randomBytes(18).toString('hex'),
  }));
  await provisionServiceRoles(adminUrl, setups);
  return new Map(
    setups.map((s) => {
      const names = serviceRoleNames(s.schema);
      return [
        s.schema,
        {
          DATABASE_URL: urlAsRole(adminUrl, names.runtime, s.runtimePassword),
          DATABASE_MIGRATION_URL: urlAsRole(adminUrl, names.owner, s.ownerPassword),
        },
      ];
    }),
  );
}

/** A service's schema: its name with `_` for `-` (each service definition's `schema`). */
export function schemaOfService(name: string): string {
  return name.replace(/-/g, '_');
}
