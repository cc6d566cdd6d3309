import { Controller, Get, HttpException, Inject, Res } from '@nestjs/common';
import { Response } from 'express';
import { register } from 'prom-client';
import { Public } from '../http/identity.guard';

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Liveness, readiness (database and Kafka answer) and Prometheus metrics. */
@Controller()
export class ObservabilityController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Public()
  @Get('health')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('health/ready')
  async readiness(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const results: Record<string, string> = {};
    let healthy = true;
    for (const { name, check } of this.checks) {
      try {
        await withTimeout(check(), 3000);
        results[name] = 'ok';
      } catch (error) {
        healthy = false;
        results[name] = `failing: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    if (!healthy) throw new HttpException({ status: 'unavailable', checks: results }, 503);
    return { status: 'ok', checks: results };
  }

  @Public()
  @Get('metrics')
  async metrics(@Res() response: Response): Promise<void> {
    response.type(register.contentType).send(await register.metrics());
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
