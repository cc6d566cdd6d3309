import { IsInt, Max, Min } from 'class-validator';
import { CommonServiceConfig } from './common.config';
import { loadConfig } from './load-config';

class ExampleConfig extends CommonServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3001;
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig(ExampleConfig, {});
    expect(config.PORT).toBe(3001);
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
  });

  it('converts numbers from the environment', () => {
    expect(loadConfig(ExampleConfig, { PORT: '4000' }).PORT).toBe(4000);
  });

  it('names every bad variable', () => {
    expect(() =>
      loadConfig(ExampleConfig, {
        PORT: '70000',
        DATABASE_URL: 'mysql://x',
        RISKPOOL_MODE: 'prod',
      }),
    ).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
    expect(() => loadConfig(ExampleConfig, { RISKPOOL_MODE: 'prod' })).toThrow(/RISKPOOL_MODE/);
  });
});
