/** The few log calls the Kafka plumbing makes; services pass their structured logger. */
export interface PlumbingLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function write(level: string, message: string, fields?: Record<string, unknown>): void {
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), message, ...fields })}\n`,
  );
}

export const jsonLogger: PlumbingLogger = {
  info: (message, fields) => write('info', message, fields),
  warn: (message, fields) => write('warn', message, fields),
  error: (message, fields) => write('error', message, fields),
};

export const silentLogger: PlumbingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
