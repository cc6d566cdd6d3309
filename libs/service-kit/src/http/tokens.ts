/** Injection tokens each service provides so the shared HTTP pieces can reach its database. */
export const SERVICE_DATA_SOURCE = Symbol('SERVICE_DATA_SOURCE');
export const SERVICE_SCHEMA = Symbol('SERVICE_SCHEMA');
export const GATEWAY_SECRET = Symbol('GATEWAY_SECRET');
