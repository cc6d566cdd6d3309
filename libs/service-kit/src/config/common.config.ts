import { IsIn, IsString, Matches } from 'class-validator';
import {
  KAFKA_SASL_MECHANISMS,
  type KafkaCredentials,
  type KafkaSaslMechanism,
} from '@riskpool/kafka';
import { IntSetting, NumberSetting } from './int-setting';
import { secretProblems } from './production-checks';
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
   * The service's own Kafka principal and password (SASL/SCRAM-SHA-512; ADR 0011): the broker's
   * ACLs let it write only the topics it produces and read only those it consumes. Required in
   * production; elsewhere an empty name falls back to the process's KAFKA_SASL_* (the tests').
   */
  @Matches(/^([a-z][a-z0-9-]*)?$/, { message: 'KAFKA_SASL_USERNAME must be a principal name' })
  KAFKA_SASL_USERNAME: string = '';

  @IsString()
  KAFKA_SASL_PASSWORD: string = '';

  @IsIn(KAFKA_SASL_MECHANISMS)
  KAFKA_SASL_MECHANISM: KafkaSaslMechanism = 'scram-sha-512';

  /** The Kafka listener's CA certificate (PEM file) when it is TLS (deploy/k8s); empty: no TLS. */
  @IsString()
  KAFKA_SSL_CA_FILE: string = '';

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

  @IntSetting(1, 200)
  DB_POOL_SIZE_MAX: number = 10;

  /**
   * Distinct statement texts each connection runs as a prepared statement (parsed and planned
   * once, libs/db prepared-statements.ts); 0 turns them off.
   */
  @IntSetting(0, 10000)
  DB_PREPARED_STATEMENTS_MAX: number = 500;

  /**
   * Published outbox rows are kept this long for inspection, then pruned (ADR 0018). The three
   * retention settings are hours, fractions allowed (0.1 is six minutes).
   */
  @NumberSetting(0.01, 87600)
  OUTBOX_RETENTION_HOURS: number = 168;

  /**
   * Inbox rows are kept this long; older ones are pruned behind a per-partition low-water mark, so
   * a redelivery is still recognised (ADR 0018).
   */
  @NumberSetting(0.01, 87600)
  INBOX_RETENTION_HOURS: number = 720;

  /** Answers kept for Idempotency-Key retries; a retry after this long is a new request. */
  @NumberSetting(0.01, 87600)
  IDEMPOTENCY_RETENTION_HOURS: number = 720;

  /**
   * The Kafka consumer group (and client id); empty: the service's name. Every instance of one
   * deployment shares it. A second deployment of the service on another database (a replay of
   * its projections from the topics, a crash test) names its own, prefixed by the service's name,
   * which is all its Kafka principal may use (ADR 0011).
   */
  @Matches(/^([A-Za-z0-9._-]{1,100})?$/)
  KAFKA_GROUP_ID: string = '';

  /**
   * `disabled` leaves committed events in the outbox instead of publishing them: for a replay
   * (a second deployment must not publish what the live one already did) and the crash test.
   * Refused in production.
   */
  @IsIn(['enabled', 'disabled'])
  OUTBOX_RELAY: 'enabled' | 'disabled' = 'enabled';

  /** How often an instance tries the retention sweep (one instance per schema does it). */
  @IntSetting(1, 1440)
  RETENTION_SWEEP_MINUTES: number = 60;

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
 * The common settings plus the service's HTTP port (`PORT`, 0..65535), whose default is the
 * service's own (docs/service-conventions.md). Each service's config class extends it.
 */
export function CommonServiceConfigOn(
  defaultPort: number,
): new () => CommonServiceConfig & { PORT: number } {
  class ServiceConfigWithPort extends CommonServiceConfig {
    @IntSetting(0, 65535)
    PORT: number = defaultPort;
  }
  return ServiceConfigWithPort;
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
    ...kafkaCredentialProblems(config),
    ...(config.RISKPOOL_MODE === 'production' && config.OUTBOX_RELAY === 'disabled'
      ? ['OUTBOX_RELAY=disabled is a test and replay setting: events would never be published']
      : []),
  ];
}

/** The consumer group of a deployment: KAFKA_GROUP_ID, else the service's name. */
export function kafkaGroupIdOf(config: CommonServiceConfig, serviceName: string): string {
  return config.KAFKA_GROUP_ID === '' ? serviceName : config.KAFKA_GROUP_ID;
}

/** Production needs the service's Kafka principal; a name given anywhere needs its password. */
function kafkaCredentialProblems(config: CommonServiceConfig): string[] {
  const production = config.RISKPOOL_MODE === 'production';
  if (config.KAFKA_SASL_USERNAME === '' && !production) return [];
  return [
    ...(config.KAFKA_SASL_USERNAME === '' ? ['KAFKA_SASL_USERNAME is not set'] : []),
    ...secretProblems('KAFKA_SASL_PASSWORD', config.KAFKA_SASL_PASSWORD, production),
  ];
}

/** The service's Kafka credentials; undefined: the process's KAFKA_SASL_* (createKafka's default). */
export function kafkaCredentialsOf(config: CommonServiceConfig): KafkaCredentials | undefined {
  return config.KAFKA_SASL_USERNAME === ''
    ? undefined
    : {
        username: config.KAFKA_SASL_USERNAME,
        password: config.KAFKA_SASL_PASSWORD,
        mechanism: config.KAFKA_SASL_MECHANISM,
      };
}

export function brokersOf(config: CommonServiceConfig): string[] {
  return config.KAFKA_BROKERS.split(',');
}
