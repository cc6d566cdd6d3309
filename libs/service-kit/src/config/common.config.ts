import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import {
  GATEWAY_IDENTITY_PUBLIC_KEY,
  LEDGER_IDENTITY_PUBLIC_KEY,
  optionalKeyProblems,
  PemSettings,
  requiredKeyProblems,
} from './identity-keys';

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

  /**
   * The gateway's Ed25519 PUBLIC key (PEM), with which identities on requests are checked; or
   * `..._FILE`, a path to it. No default: required by every service but the gateway (ADR 0013).
   */
  @IsString()
  GATEWAY_IDENTITY_PUBLIC_KEY_PEM: string = '';

  @IsString()
  GATEWAY_IDENTITY_PUBLIC_KEY_FILE: string = '';

  /** The ledger's Ed25519 public key, trusted for `service:ledger` only; empty: not trusted. */
  @IsString()
  LEDGER_IDENTITY_PUBLIC_KEY_PEM: string = '';

  @IsString()
  LEDGER_IDENTITY_PUBLIC_KEY_FILE: string = '';

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

  /** Whether this service checks the gateway's identities (all but the gateway, which signs them). */
  verifiesGatewayIdentities(): boolean {
    return true;
  }
}

/**
 * What keeps a service from starting beyond the per-variable rules: every secret and key must be
 * there in every mode (none has a default), and in production no secret may be a known demo
 * value. Services add their own checks by overriding `startProblems` (calling this one first).
 */
export function commonStartProblems(config: CommonServiceConfig): string[] {
  const settings = config as unknown as PemSettings;
  return [
    ...(config.verifiesGatewayIdentities()
      ? requiredKeyProblems(settings, GATEWAY_IDENTITY_PUBLIC_KEY, 'public')
      : []),
    ...optionalKeyProblems(settings, LEDGER_IDENTITY_PUBLIC_KEY, 'public'),
  ];
}

export function brokersOf(config: CommonServiceConfig): string[] {
  return config.KAFKA_BROKERS.split(',');
}
