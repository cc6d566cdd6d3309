// What this feature's use cases take from the rest of the gateway, in one place.
export { GatewayRoute } from '../auth/api-key.guard';
export { SERVICE_NAME } from '../gateway.tokens';
export { PolicyRepository } from '../policies/policy.repository';
