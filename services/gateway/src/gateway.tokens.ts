import { GatewayConfig } from './config/gateway.config';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** The gateway's settings, with its secrets resolved. */
export interface GatewaySettings {
  readonly config: GatewayConfig;
  readonly adminApiKey: string;
  readonly pepper: string;
}

export const SERVICE_NAME = 'gateway';
export const SCHEMA = 'gateway';
