// What this feature's use cases take from the rest of the gateway, in one place.
export { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
export { GatewayRoute } from '../auth/api-key.guard';
export { BankRepository } from '../banks/persistence/bank.repository';
export { CoSharerRepository } from '../cosharers/persistence/cosharer.repository';
export { FundRepository } from '../funds/persistence/fund.repository';
export { GATEWAY_CONFIG } from '../gateway.tokens';
export type { GatewaySettings } from '../gateway.tokens';
