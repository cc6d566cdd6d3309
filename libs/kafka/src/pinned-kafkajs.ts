// The kafkajs version whose internals libs/kafka patches (request-queue-fix.ts,
// coordinator-fix.ts). Another version is left as it is: each patch must be checked against it.

/** The kafkajs version the patches were written for. */
export const FIXED_KAFKAJS_VERSION = '2.2.4';

/** True when the installed kafkajs is the one the patches were written for. */
export const isPinnedKafkajs = (): boolean =>
  (require('kafkajs/package.json') as { version: string }).version === FIXED_KAFKAJS_VERSION;
