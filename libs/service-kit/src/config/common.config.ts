import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export type RunMode = 'production' | 'demo' | 'test';

/** Settings every service shares. Each service extends this with its own port and options. */
export class CommonServiceConfig {
  /** PostgreSQL connection URL; the service keeps to its own schema in this database. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/riskpool';

  /** Comma-separated Kafka bootstrap servers. */
  @Matches(/^[^,\s]+(,[^,\s]+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  /** Shared secret with which the gateway signs the identity it forwards (HMAC-SHA256). */
  @IsString()
  @MinLength(16, { message: 'GATEWAY_SHARED_SECRET must be at least 16 characters' })
  GATEWAY_SHARED_SECRET: string = 'riskpool-dev-gateway-secret-change-me';

  /** `production` refuses the settable business clock; `demo` and `test` allow it. */
  @IsIn(['production', 'demo', 'test'])
  RISKPOOL_MODE: RunMode = 'demo';

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: string = 'info';

  /** HTTP listen address. */
  @IsString()
  HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE_MAX: number = 10;
}

export function brokersOf(config: CommonServiceConfig): string[] {
  return config.KAFKA_BROKERS.split(',');
}
