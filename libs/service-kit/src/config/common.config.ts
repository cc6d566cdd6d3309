import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { secretProblems } from './production-checks';

export type RunMode = 'production' | 'demo' | 'test';

/** Settings every service shares. Each service extends this with its own port and options. */
export class CommonServiceConfig {
  /** PostgreSQL connection URL; the service keeps to its own schema in this database. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/riskpool';

  /**
   * The schema owner's URL (libs/db service-roles.ts): migrations run as the owner, the service as
   * DATABASE_URL's role, which then has no DDL. Empty: DATABASE_URL does both.
   */
  @Matches(/^(postgres(ql)?:\/\/.*)?$/, {
    message: 'DATABASE_MIGRATION_URL must be a postgres:// URL',
  })
  DATABASE_MIGRATION_URL: string = '';

  /** Comma-separated Kafka bootstrap servers. */
  @Matches(/^[^,\s]+(,[^,\s]+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  /** Shared secret with which the gateway signs the identity it forwards (HMAC-SHA256). No default. */
  @IsString()
  GATEWAY_SHARED_SECRET: string = '';

  /**
   * `production` (the default) refuses demo secrets, the simulated rail and the settable business
   * clock; `demo` (`npm start`) and `test` (the test suites) must be asked for.
   */
  @IsIn(['production', 'demo', 'test'])
  RISKPOOL_MODE: RunMode = 'production';

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: string = 'info';

  /** HTTP listen address. */
  @IsString()
  HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE_MAX: number = 10;

  /** Problems across settings that keep the service from starting (see production-checks.ts). */
  startProblems(): string[] {
    return commonStartProblems(this);
  }
}

/**
 * What keeps a service from starting beyond the per-variable rules: every secret must be set and
 * long enough in every mode, and in production must not be a known demo value. Services add their
 * own checks by overriding `startProblems` (calling this one first).
 */
export function commonStartProblems(config: CommonServiceConfig): string[] {
  return secretProblems(
    'GATEWAY_SHARED_SECRET',
    config.GATEWAY_SHARED_SECRET,
    config.RISKPOOL_MODE === 'production',
  );
}

export function brokersOf(config: CommonServiceConfig): string[] {
  return config.KAFKA_BROKERS.split(',');
}
