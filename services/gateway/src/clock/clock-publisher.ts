import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { createEvent, OutgoingEvent, Topics } from '@riskpool/contracts';
import { runInTransaction } from '@riskpool/db';
import { GATEWAY_CONFIG, GatewaySettings, SCHEMA } from '../gateway.tokens';
import { ClockService } from './clock.service';

const T = '"gateway"."business_clock_published"';

/**
 * Announces the business clock (docs/domain.md §4) with gateway.business-date-changed.v1 whenever
 * the date the gateway serves differs from the last one announced: at once when an admin sets it
 * (in the same transaction), and on a timer for the real date's midnight in production (and an
 * unset clock in demo and test). Statements close a month on it, in every mode.
 */
@Injectable()
export class ClockPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('clock');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: ClockService,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
  ) {}

  /** Adds the event to `publish` when `businessDate` is not the date last announced. */
  async announce(
    manager: EntityManager,
    businessDate: string,
    publish: (event: OutgoingEvent) => void,
  ): Promise<void> {
    const rows = (await manager.query(
      `SELECT business_date FROM ${T} WHERE id = 1 FOR UPDATE`,
    )) as Array<{ business_date: string }>;
    const previous = rows[0]?.business_date ?? null;
    if (previous === businessDate) return;
    const now = new Date();
    await manager.query(
      `INSERT INTO ${T} (id, business_date, published_at) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET business_date = EXCLUDED.business_date, published_at = EXCLUDED.published_at`,
      [businessDate, now],
    );
    publish(
      createEvent({
        topic: Topics.gatewayBusinessDateChanged,
        source: 'gateway',
        subject: 'business-clock',
        data: { businessDate, previousBusinessDate: previous, changedAt: now.toISOString() },
        time: now,
      }),
    );
  }

  /** Reads the clock and announces it if it moved. */
  async check(): Promise<void> {
    this.clock.forget();
    const { businessDate } = await this.clock.current();
    await runInTransaction(this.dataSource, SCHEMA, (uow) =>
      this.announce(uow.manager, businessDate, (event) => uow.publish(event)),
    );
  }

  onApplicationBootstrap(): void {
    const every = this.settings.config.CLOCK_PUBLISH_SECONDS;
    const run = (): void => {
      this.check().catch((error: unknown) =>
        this.logger.warn(`business clock announcement failed: ${String(error)}`),
      );
    };
    run();
    if (every > 0) {
      this.timer = setInterval(run, every * 1000);
      this.timer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
