import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { CommonServiceConfig, ServiceConfig } from '@riskpool/service-kit';

/** loan-registry settings (environment variables), on top of the common ones. */
export class LoanRegistryConfig extends CommonServiceConfig implements ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3001;

  /**
   * `disabled` keeps committed events in the outbox instead of publishing them. Test seam for the
   * crash test (accept, die before publishing, restart); never set it in production.
   */
  @IsIn(['enabled', 'disabled'])
  OUTBOX_RELAY: 'enabled' | 'disabled' = 'enabled';

  /**
   * Kafka consumer group (and client id). Every instance of one deployment shares it; a test that
   * runs a second, separate deployment on another database gives it another group.
   */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/)
  KAFKA_GROUP_ID: string = 'loan-registry';

  /** Most rows in one `POST /loans/bulk`. */
  @IsInt()
  @Min(1)
  @Max(10000)
  BULK_ROWS_MAX: number = 10000;
}
