import { generateKeyPairSync } from 'node:crypto';
import { IsInt, Max, Min } from 'class-validator';
import { CommonServiceConfig, kafkaGroupIdOf } from './common.config';
import { loadConfig } from './load-config';
import { secretProblems } from './production-checks';

class ExampleConfig extends CommonServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3001;
}

const pair = generateKeyPairSync('ed25519');
const KAFKA = {
  KAFKA_SASL_USERNAME: 'loan-registry',
  KAFKA_SASL_PASSWORD: 'Zq3v8Kp1Xw7Lr2Ty9Bn4Md6Hc5Fg0Js',
};
const KEYS = {
  GATEWAY_IDENTITY_PUBLIC_KEY_PEM: pair.publicKey
    .export({ type: 'spki', format: 'pem' })
    .toString(),
  ...KAFKA,
};
const PRIVATE_PEM = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('loadConfig', () => {
  it('uses the documented defaults when only the keys are set', () => {
    const config = loadConfig(ExampleConfig, KEYS);
    expect(config.PORT).toBe(3001);
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
  });

  it('converts numbers from the environment', () => {
    expect(loadConfig(ExampleConfig, { ...KEYS, PORT: '4000' }).PORT).toBe(4000);
  });

  it('takes retention hours as fractions, and refuses what is not a positive number', () => {
    expect(loadConfig(ExampleConfig, { ...KEYS, OUTBOX_RETENTION_HOURS: '0.1' })).toMatchObject({
      OUTBOX_RETENTION_HOURS: 0.1,
      INBOX_RETENTION_HOURS: 720,
    });
    for (const bad of ['0', '-1', 'soon'])
      expect(() => loadConfig(ExampleConfig, { ...KEYS, INBOX_RETENTION_HOURS: bad })).toThrow(
        /INBOX_RETENTION_HOURS/,
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
    expect(loadConfig(ExampleConfig, KEYS).RISKPOOL_MODE).toBe('production');
  });

  it('has no built-in identity key: a missing one is named, in every mode', () => {
    for (const mode of ['production', 'demo', 'test']) {
      expect(() => loadConfig(ExampleConfig, { RISKPOOL_MODE: mode })).toThrow(
        /GATEWAY_IDENTITY_PUBLIC_KEY_PEM \(or GATEWAY_IDENTITY_PUBLIC_KEY_FILE\) is not set/,
      );
    }
  });

  it('refuses to start without the service’s Kafka credentials, naming each', () => {
    const { KAFKA_SASL_USERNAME: _name, KAFKA_SASL_PASSWORD: _password, ...withoutKafka } = KEYS;
    expect(() => loadConfig(ExampleConfig, withoutKafka)).toThrow(
      /KAFKA_SASL_USERNAME is not set[\s\S]*KAFKA_SASL_PASSWORD is not set/,
    );
    expect(() =>
      loadConfig(ExampleConfig, { ...withoutKafka, KAFKA_SASL_USERNAME: 'loan-registry' }),
    ).toThrow(/KAFKA_SASL_PASSWORD is not set/);
    expect(() => loadConfig(ExampleConfig, { ...KEYS, KAFKA_SASL_PASSWORD: 'short' })).toThrow(
      /KAFKA_SASL_PASSWORD is shorter than 16 characters/,
    );
    expect(() =>
      loadConfig(ExampleConfig, { ...KEYS, KAFKA_SASL_PASSWORD: 'demo-kafka-password-change-me' }),
    ).toThrow(/KAFKA_SASL_PASSWORD is a known demo value/);
    // Outside production the tests' process-wide principal may stand in (libs/kafka createKafka).
    expect(
      loadConfig(ExampleConfig, { ...withoutKafka, RISKPOOL_MODE: 'test' }).KAFKA_SASL_USERNAME,
    ).toBe('');
    expect(() =>
      loadConfig(ExampleConfig, {
        ...withoutKafka,
        RISKPOOL_MODE: 'demo',
        KAFKA_SASL_USERNAME: 'gateway',
      }),
    ).toThrow(/KAFKA_SASL_PASSWORD is not set/);
  });

  it('keeps the outbox relay off only outside production (a replay, the crash test)', () => {
    expect(() => loadConfig(ExampleConfig, { ...KEYS, OUTBOX_RELAY: 'disabled' })).toThrow(
      /OUTBOX_RELAY=disabled is a test and replay setting/,
    );
    const replay = loadConfig(ExampleConfig, {
      ...KEYS,
      RISKPOOL_MODE: 'test',
      OUTBOX_RELAY: 'disabled',
      KAFKA_GROUP_ID: 'loan-registry-replay-1',
    });
    expect([replay.OUTBOX_RELAY, kafkaGroupIdOf(replay, 'loan-registry')]).toEqual([
      'disabled',
      'loan-registry-replay-1',
    ]);
    expect(kafkaGroupIdOf(loadConfig(ExampleConfig, KEYS), 'loan-registry')).toBe('loan-registry');
    expect(() => loadConfig(ExampleConfig, { ...KEYS, KAFKA_GROUP_ID: 'no spaces' })).toThrow(
      /KAFKA_GROUP_ID/,
    );
  });

  it('refuses a private key where a service must hold only the public one', () => {
    expect(() =>
      loadConfig(ExampleConfig, { GATEWAY_IDENTITY_PUBLIC_KEY_PEM: PRIVATE_PEM }),
    ).toThrow(/GATEWAY_IDENTITY_PUBLIC_KEY must be a public key/);
    expect(() =>
      loadConfig(ExampleConfig, { GATEWAY_IDENTITY_PUBLIC_KEY_PEM: 'nonsense' }),
    ).toThrow(/GATEWAY_IDENTITY_PUBLIC_KEY is not a PEM public key/);
  });

  it('reads a key from a file path, and names a path it cannot read', () => {
    expect(() =>
      loadConfig(ExampleConfig, { GATEWAY_IDENTITY_PUBLIC_KEY_FILE: '/nonexistent/key.pem' }),
    ).toThrow(/GATEWAY_IDENTITY_PUBLIC_KEY_FILE cannot be read/);
  });

  it('names a bad variable and a key problem in the same message', () => {
    let message = '';
    try {
      loadConfig(ExampleConfig, { PORT: '70000', LEDGER_IDENTITY_PUBLIC_KEY_PEM: 'x' });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/GATEWAY_IDENTITY_PUBLIC_KEY_PEM .*is not set/);
    expect(message).toMatch(/LEDGER_IDENTITY_PUBLIC_KEY is not a PEM public key/);
  });
});

describe('secretProblems', () => {
  const SECRET = 'f3a9c1d27b8e4f60a1b2c3d4e5f60718';

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
