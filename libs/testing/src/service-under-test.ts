// Services started inside a test process, as the services' integration suites start theirs:
// `startService(definition, await testServiceEnv())` (libs/service-kit), on the test run's database
// and broker, on a free port, trusting the test keys, in test mode. (The kit is not imported here:
// its own tests and the Kafka library's use this library.)
import { identityKeyEnv } from './identity-keys';
import { freePorts } from './process-util';
import { eventually } from './public-api';
import { testInfra } from './test-infra';

/** The settings every service under test needs, on a free port; `env` adds to them or overrides them. */
export async function testServiceEnv(
  env: Record<string, string> = {},
): Promise<Record<string, string>> {
  const infra = testInfra();
  return {
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.brokers.join(','),
    PORT: env['PORT'] ?? String((await freePorts(1))[0]),
    ...identityKeyEnv(),
    RISKPOOL_MODE: 'test',
    LOG_LEVEL: 'error',
    ...env,
  };
}

/**
 * Waits (bounded) until the first row `sql` answers satisfies `ready`, e.g. until the service has
 * projected the upstream events a suite sent before its tests; answers that row.
 */
export async function waitForRow<T>(
  service: { readonly dataSource: { query(sql: string, params: unknown[]): Promise<unknown> } },
  what: string,
  sql: string,
  params: unknown[],
  ready: (row: T) => boolean,
): Promise<T> {
  return eventually(what, async () => {
    const [row] = (await service.dataSource.query(sql, params)) as T[];
    return row !== undefined && ready(row) ? row : undefined;
  });
}
