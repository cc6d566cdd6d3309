// `npm run db:roles`: sets up a production database for least privilege (libs/db service-roles.ts):
// for every service, a schema owner (migrations) and a runtime role (the service), with the
// passwords the operator gives. Run once per database, and again to change a password.
//   DATABASE_ADMIN_URL=postgres://admin@db:5432/riskpool \
//   RISKPOOL_DB_PASSWORD_LEDGER_OWNER=... RISKPOOL_DB_PASSWORD_LEDGER_APP=... (every service) \
//   npm run db:roles
// Prints each service's DATABASE_URL and DATABASE_MIGRATION_URL, without the passwords.
import { provisionServiceRoles, serviceRoleNames, urlAsRole } from '@riskpool/db';
import { schemaOfService } from '@riskpool/testing';
import { SERVICES } from './demo/services';

const PASSWORD_LENGTH_MIN = 16;

function passwordProblems(env: NodeJS.ProcessEnv, schemas: readonly string[]): string[] {
  const problems: string[] = [];
  for (const schema of schemas)
    for (const kind of ['OWNER', 'APP']) {
      const name = `RISKPOOL_DB_PASSWORD_${schema.toUpperCase()}_${kind}`;
      const value = env[name] ?? '';
      if (value.length < PASSWORD_LENGTH_MIN)
        problems.push(`${name} must be set, at least ${PASSWORD_LENGTH_MIN} characters`);
    }
  return problems;
}

async function main(): Promise<void> {
  const adminUrl = process.env['DATABASE_ADMIN_URL'] ?? '';
  const schemas = SERVICES.map((spec) => schemaOfService(spec.name));
  const problems = [
    ...(adminUrl === '' ? ['DATABASE_ADMIN_URL must be set (a role that may create roles)'] : []),
    ...passwordProblems(process.env, schemas),
  ];
  if (problems.length > 0) {
    process.stderr.write(`db:roles refused:\n${problems.map((p) => ` - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  const password = (schema: string, kind: string) =>
    process.env[`RISKPOOL_DB_PASSWORD_${schema.toUpperCase()}_${kind}`] as string;
  await provisionServiceRoles(
    adminUrl,
    schemas.map((schema) => ({
      schema,
      ownerPassword: password(schema, 'OWNER'),
      runtimePassword: password(schema, 'APP'),
    })),
  );
  for (const spec of SERVICES) {
    const names = serviceRoleNames(schemaOfService(spec.name));
    process.stdout.write(
      `${spec.name}: DATABASE_URL=${urlAsRole(adminUrl, names.runtime, '')} ` +
        `DATABASE_MIGRATION_URL=${urlAsRole(adminUrl, names.owner, '')} (add the passwords)\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db:roles failed: ${String(error)}\n`);
  process.exit(1);
});
