// Errors that say the database could not be reached or is restarting, not that the message is
// bad: a consumer must let Kafka redeliver the batch, never dead-letter the message for them.

/** SQLSTATE codes of a database that is down, restarting or out of connections. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now ("the database system is starting up / not yet accepting connections")
  '53300', // too_many_connections
]);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);
// pg-pool's "timeout exceeded when trying to connect": every connection of the pool was busy (or
// none could be opened) for connectionTimeoutMillis; an overload that passes, not a bad message.
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|terminating connection due to administrator command/i;

/** True when `error` (a pg, TypeORM or Node error, possibly wrapped) means "database unavailable". */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth += 1) {
    if (typeof e !== 'object') return UNAVAILABLE_MESSAGE.test(String(e));
    const { code, message, driverError, cause } = e as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string') {
      if (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
      if (UNAVAILABLE_NODE_CODES.has(code)) return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    e = driverError ?? cause;
  }
  return false;
}

/**
 * True when the server answered that it is starting (SQLSTATE 57P03: "the database system is
 * starting up" / "not yet accepting connections"): it is up and will accept shortly, so a service
 * starting now waits instead of failing. A refused or unreachable server is not waited for.
 */
export function isDatabaseStartingError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth += 1) {
    if (typeof e !== 'object') return false;
    const { code, driverError, cause } = e as {
      code?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (code === '57P03') return true;
    e = driverError ?? cause;
  }
  return false;
}
