import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.tokens';
import { ClockRepository } from './clock.repository';
import { ClockView } from './clock.view';

export { ClockView };

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

let lastMinute: { minute: number; date: string } | undefined;

/**
 * Today's date in Asia/Shanghai (China Standard Time), YYYY-MM-DD. Asked on every request, so
 * kept for the UTC minute it was computed in: a zone's offset is whole minutes, so its date cannot
 * change within one (and formatting a date is the gateway's most expensive line per request).
 */
export function todayInShanghai(now: Date = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (lastMinute?.minute !== minute) lastMinute = { minute, date: SHANGHAI.format(now) };
  return lastMinute.date;
}

/**
 * The one business clock (docs/domain.md §4). Production: always today's date in Asia/Shanghai.
 * Demo and test: the date an admin set (kept in the gateway schema, so it survives restarts), or
 * today's when none was set. Read from memory for CLOCK_CACHE_TTL_MS; a change made through
 * this instance shows at once.
 */
@Injectable()
export class ClockService {
  private cached: { view: ClockView; untilMs: number } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clocks: ClockRepository,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
  ) {}

  get settable(): boolean {
    return this.settings.config.RISKPOOL_MODE !== 'production';
  }

  async current(): Promise<ClockView> {
    const now = Date.now();
    if (this.cached !== undefined && this.cached.untilMs > now) return this.cached.view;
    const mode = this.settings.config.RISKPOOL_MODE;
    const today: ClockView = {
      businessDate: todayInShanghai(),
      mode,
      settable: this.settable,
      source: 'today',
      setAt: null,
      setBy: null,
    };
    if (!this.settable) return today;
    const stored = await this.clocks.get(this.dataSource.manager);
    const view: ClockView =
      stored === undefined
        ? today
        : {
            ...today,
            businessDate: stored.businessDate,
            source: 'set',
            setAt: stored.setAt,
            setBy: stored.setBy,
          };
    // The default (today) changes at midnight: never keep it past a short while.
    this.cached = { view, untilMs: now + this.settings.config.CLOCK_CACHE_TTL_MS };
    return view;
  }

  forget(): void {
    this.cached = undefined;
  }
}
