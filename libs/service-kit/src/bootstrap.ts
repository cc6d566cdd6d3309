import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';
import { DomainErrorMapper, ProblemJsonFilter } from './http/problem.filter';
import { requestContext, requestIdFrom } from './http/request-context';
import { inputGuard } from './http/input-guard';
import { createValidationPipe } from './http/validation';
import { JsonLogger } from './observability/json-logger';

export interface ServiceAppOptions {
  readonly serviceName: string;
  readonly logLevel?: string;
  readonly mapDomainError?: DomainErrorMapper;
  /** Largest request body; bulk registration of 10,000 rows needs a few MB. */
  readonly bodyLimit?: string;
}

let defaultMetricsStarted = false;

/** A NestJS app with the project's cross-cutting pieces: JSON logs, problem+json, validation, metrics. */
export async function createServiceApp(
  module: unknown,
  options: ServiceAppOptions,
): Promise<INestApplication> {
  const logger = new JsonLogger(options.serviceName, options.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(module as never, {
    logger,
    bodyParser: false,
    // The body's bytes as received: the signed identity covers their SHA-256 (ADR 0013).
    rawBody: true,
  });
  const limit = options.bodyLimit ?? '1mb';
  app.useBodyParser('json', { limit });
  app.useBodyParser('text', {
    limit,
    type: ['text/csv', 'text/plain', 'application/x-ndjson', 'application/jsonl'],
  });
  if (!defaultMetricsStarted) {
    collectDefaultMetrics();
    defaultMetricsStarted = true;
  }
  const httpDuration =
    (register.getSingleMetric('riskpool_http_request_duration_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'riskpool_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
    });
  app.use(
    (
      req: {
        headers: Record<string, string | string[] | undefined>;
        method: string;
        route?: { path?: string };
      },
      res: {
        setHeader(n: string, v: string): void;
        on(e: string, f: () => void): void;
        statusCode: number;
      },
      next: () => void,
    ) => {
      const requestId = requestIdFrom(req.headers['x-request-id']);
      const correlation = req.headers['x-correlation-id'];
      const traceparent = req.headers['traceparent'];
      res.setHeader('x-request-id', requestId);
      const end = httpDuration.startTimer({ method: req.method });
      res.on('finish', () =>
        end({ route: req.route?.path ?? 'unmatched', status: String(res.statusCode) }),
      );
      requestContext.run(
        {
          requestId,
          correlationId: typeof correlation === 'string' ? correlation : requestId,
          ...(typeof traceparent === 'string' ? { traceparent } : {}),
        },
        next,
      );
    },
  );
  app.use(inputGuard);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemJsonFilter(options.mapDomainError));
  return app;
}
