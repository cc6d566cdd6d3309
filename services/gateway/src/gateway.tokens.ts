import { KeyObject } from 'node:crypto';
import { GatewayConfig } from './config/gateway.config';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** The gateway's settings, with its secrets resolved. */
export interface GatewaySettings {
  readonly config: GatewayConfig;
  readonly adminApiKey: string;
  readonly pepper: string;
  /** Signs the identity of every forwarded request (Ed25519, ADR 0010). */
  readonly identityKey: KeyObject;
}

export const SERVICE_NAME = 'gateway';
export const SCHEMA = 'gateway';
