import { IsString, Matches } from 'class-validator';
import { KeyObject } from 'node:crypto';
import {
  CommonServiceConfigOn,
  IntSetting,
  GATEWAY_IDENTITY_PRIVATE_KEY,
  PemSettings,
  privateKeyOf,
  requiredKeyProblems,
  secretProblems,
} from '@riskpool/service-kit';

const URL_PATTERN = /^https?:\/\/[^\s/]+(\/[^\s]*)?$/;
const URL_MESSAGE = '$property must be an http(s):// base URL';

/** A downstream service's base URL. */
const ServiceUrl = (): PropertyDecorator => Matches(URL_PATTERN, { message: URL_MESSAGE });

/** gateway settings (environment variables), on top of the common ones. */
export class GatewayConfig extends CommonServiceConfigOn(3000) {
  /** The first admin key, `rpk_<id>_<secret>`; registered (hashed) at start. Required, no default. */
  @IsString()
  @Matches(/^$|^rpk_[a-z0-9]{4,32}_[A-Za-z0-9_-]{32,128}$/, {
    message:
      'ADMIN_API_KEY must look like rpk_<id: 4-32 of a-z0-9>_<secret: 32-128 of A-Za-z0-9_->',
  })
  ADMIN_API_KEY: string = '';

  /**
   * Server secret of the HMAC-SHA256 that API key secrets are stored as. Changing it voids every
   * key. Required, no default.
   */
  @IsString()
  API_KEY_PEPPER: string = '';

  /**
   * The Ed25519 PRIVATE key (PKCS#8 PEM) that signs each forwarded request's identity; or
   * `..._FILE`, a path to it. Only the gateway holds it; services get the public half (ADR 0013).
   */
  @IsString()
  GATEWAY_IDENTITY_PRIVATE_KEY_PEM: string = '';

  @IsString()
  GATEWAY_IDENTITY_PRIVATE_KEY_FILE: string = '';

  @ServiceUrl()
  LOAN_REGISTRY_URL: string = 'http://127.0.0.1:3001';

  @ServiceUrl()
  DEFAULT_EVENTS_URL: string = 'http://127.0.0.1:3002';

  @ServiceUrl()
  POOL_ALLOCATION_URL: string = 'http://127.0.0.1:3003';

  @ServiceUrl()
  SETTLEMENT_URL: string = 'http://127.0.0.1:3004';

  @ServiceUrl()
  LEDGER_URL: string = 'http://127.0.0.1:3005';

  @ServiceUrl()
  SUBSIDY_URL: string = 'http://127.0.0.1:3006';

  /** Token bucket per API key: sustained requests per second... */
  @IntSetting(1, 1_000_000)
  RATE_LIMIT_PER_SECOND: number = 50;

  /** ...and the burst a key may spend at once. */
  @IntSetting(1, 1_000_000)
  RATE_LIMIT_BURST: number = 200;

  /**
   * Token bucket per client address (IPv6 per /64), checked before the API key: sustained
   * requests per second...
   */
  @IntSetting(1, 1_000_000)
  RATE_LIMIT_PER_ADDRESS_PER_SECOND: number = 500;

  /** ...and the burst an address may spend at once. */
  @IntSetting(1, 1_000_000)
  RATE_LIMIT_PER_ADDRESS_BURST: number = 1_000;

  /**
   * How many proxies of our own (load balancer, ingress) stand in front of the gateway: the client
   * address is then taken that many entries from the right of X-Forwarded-For. 0: the socket's peer.
   */
  @IntSetting(0, 10)
  TRUSTED_PROXY_HOPS: number = 0;

  /** Largest request body forwarded (bulk loan files). */
  @IntSetting(1024, 200 * 1024 * 1024)
  MAX_BODY_BYTES: number = 20 * 1024 * 1024;

  /** How long a downstream service may take to answer before the gateway gives up (502). */
  @IntSetting(100, 600_000)
  UPSTREAM_TIMEOUT_MS: number = 60_000;

  /** How long a verified key is trusted from memory; revocation on another instance shows within it. */
  @IntSetting(0, 600_000)
  KEY_CACHE_TTL_MS: number = 5_000;

  /** How many key rows are kept in memory at most; the least recently used goes first. */
  @IntSetting(1, 10_000_000)
  KEY_CACHE_MAX_ENTRIES: number = 50_000;

  /** How long the business date is read from memory; a change on another instance shows within it. */
  @IntSetting(0, 600_000)
  CLOCK_CACHE_TTL_MS: number = 1_000;

  /**
   * How often the business date is compared with the last one announced (gateway.business-date-
   * changed.v1): the real date's midnight reaches the ledger's statements within this. 0 = only
   * when an admin sets the clock.
   */
  @IntSetting(0, 86_400)
  CLOCK_PUBLISH_SECONDS: number = 30;

  /**
   * The built web console (`vite build` of services/console), served at `/console`. A relative
   * path is taken from the working directory (the repository root under `npm start` and the tests).
   */
  @IsString()
  CONSOLE_DIR: string = 'dist/console';

  override startProblems(): string[] {
    return [...super.startProblems(), ...gatewayStartProblems(this)];
  }

  /** The gateway signs identities; it checks none (its own routes check API keys). */
  override verifiesGatewayIdentities(): boolean {
    return false;
  }
}

/** The gateway's own secrets: required in every mode, no demo values in production. */
export function gatewayStartProblems(config: GatewayConfig): string[] {
  const production = config.RISKPOOL_MODE === 'production';
  return [
    ...secretProblems('ADMIN_API_KEY', config.ADMIN_API_KEY, production),
    ...secretProblems('API_KEY_PEPPER', config.API_KEY_PEPPER, production),
    ...requiredKeyProblems(
      config as unknown as PemSettings,
      GATEWAY_IDENTITY_PRIVATE_KEY,
      'private',
    ),
  ];
}

/** The key the forwarded identities are signed with (start-up checked it is there). */
export function identitySigningKeyOf(config: GatewayConfig): KeyObject {
  return privateKeyOf(config as unknown as PemSettings, GATEWAY_IDENTITY_PRIVATE_KEY);
}

/** The secrets the gateway runs with (checked at start by `gatewayStartProblems`). */
export function effectiveSecrets(config: GatewayConfig): { adminApiKey: string; pepper: string } {
  return { adminApiKey: config.ADMIN_API_KEY, pepper: config.API_KEY_PEPPER };
}
