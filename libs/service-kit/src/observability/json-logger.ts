import { LoggerService } from '@nestjs/common';
import { requestContext } from '../http/request-context';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** One JSON object a line, with the request and correlation ids of the request being served. */
export class JsonLogger implements LoggerService {
  private readonly minimum: number;

  constructor(
    private readonly service: string,
    level: string = 'info',
  ) {
    this.minimum = Math.max(0, LEVELS.indexOf(level as Level));
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  /** The shape the Kafka plumbing wants. */
  fields(level: Exclude<Level, 'debug'>, message: string, fields?: Record<string, unknown>): void {
    this.write(level, message, 'kafka', undefined, fields);
  }

  private write(
    level: Level,
    message: unknown,
    context?: string,
    trace?: string,
    fields?: Record<string, unknown>,
  ): void {
    if (LEVELS.indexOf(level) < this.minimum) return;
    const ctx = requestContext.current();
    const line = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(context !== undefined ? { context } : {}),
      message: typeof message === 'string' ? message : JSON.stringify(message),
      ...(ctx !== undefined ? { requestId: ctx.requestId, correlationId: ctx.correlationId } : {}),
      ...(trace !== undefined ? { trace } : {}),
      ...fields,
    };
    (level === 'error' ? process.stderr : process.stdout).write(`${JSON.stringify(line)}\n`);
  }
}
