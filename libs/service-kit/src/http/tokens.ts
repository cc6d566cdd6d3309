/** Injection tokens each service provides so the shared HTTP pieces can reach its database. */
export const SERVICE_DATA_SOURCE = Symbol('SERVICE_DATA_SOURCE');
export const SERVICE_SCHEMA = Symbol('SERVICE_SCHEMA');
/** Whom this service believes and the name identities must be addressed to (IdentityTrust). */
export const IDENTITY_TRUST = Symbol('IDENTITY_TRUST');
