import { IsInt, Max, Min } from 'class-validator';
import { CommonServiceConfig } from './common.config';
import { loadConfig } from './load-config';
import { secretProblems } from './production-checks';

class ExampleConfig extends CommonServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3001;
}

const SECRET = 'f3a9c1d27b8e4f60a1b2c3d4e5f60718';

describe('loadConfig', () => {
  it('uses the documented defaults when only the secret is set', () => {
    const config = loadConfig(ExampleConfig, { GATEWAY_SHARED_SECRET: SECRET });
    expect(config.PORT).toBe(3001);
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
  });

  it('converts numbers from the environment', () => {
    expect(loadConfig(ExampleConfig, { PORT: '4000', GATEWAY_SHARED_SECRET: SECRET }).PORT).toBe(
      4000,
    );
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

describe('production is the default mode', () => {
  it('runs in production when RISKPOOL_MODE is not set', () => {
    expect(loadConfig(ExampleConfig, { GATEWAY_SHARED_SECRET: SECRET }).RISKPOOL_MODE).toBe(
      'production',
    );
  });

  it('has no built-in secret: a missing one is named, in every mode', () => {
    for (const mode of ['production', 'demo', 'test']) {
      expect(() => loadConfig(ExampleConfig, { RISKPOOL_MODE: mode })).toThrow(
        /GATEWAY_SHARED_SECRET is not set/,
      );
    }
  });

  it('refuses a short secret in every mode', () => {
    expect(() =>
      loadConfig(ExampleConfig, { RISKPOOL_MODE: 'test', GATEWAY_SHARED_SECRET: 'short' }),
    ).toThrow(/GATEWAY_SHARED_SECRET is shorter than 16 characters/);
  });

  it('refuses a known demo secret in production only', () => {
    const demo = 'riskpool-dev-gateway-secret-change-me';
    expect(() => loadConfig(ExampleConfig, { GATEWAY_SHARED_SECRET: demo })).toThrow(
      /GATEWAY_SHARED_SECRET is a known demo value/,
    );
    expect(
      loadConfig(ExampleConfig, { RISKPOOL_MODE: 'demo', GATEWAY_SHARED_SECRET: demo })
        .GATEWAY_SHARED_SECRET,
    ).toBe(demo);
  });

  it('names a bad variable and a secret problem in the same message', () => {
    let message = '';
    try {
      loadConfig(ExampleConfig, { PORT: '70000' });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/GATEWAY_SHARED_SECRET is not set/);
  });
});

describe('secretProblems', () => {
  it('accepts a generated secret and names each fault of a bad one', () => {
    expect(secretProblems('S', SECRET, true)).toEqual([]);
    expect(secretProblems('S', '', true)).toEqual(['S is not set']);
    expect(secretProblems('S', '   ', false)).toEqual(['S is not set']);
    expect(secretProblems('S', 'demo-x', true)).toEqual([
      'S is shorter than 16 characters',
      'S is a known demo value (not allowed when RISKPOOL_MODE=production)',
    ]);
    expect(secretProblems('S', 'please-change-me-0123456789', true)).toHaveLength(1);
    expect(secretProblems('S', 'please-change-me-0123456789', false)).toEqual([]);
  });
});
