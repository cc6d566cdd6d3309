import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { IdentityGuard } from './http/identity.guard';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { IdentityTrust } from './http/identity.guard';
import { IDENTITY_TRUST, SERVICE_DATA_SOURCE, SERVICE_SCHEMA } from './http/tokens';
import {
  ObservabilityController,
  READINESS_CHECKS,
  ReadinessCheck,
} from './observability/observability.controller';

export interface ServiceKitOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly identityTrust: IdentityTrust;
  readonly readinessChecks: ReadinessCheck[];
}

/** What every service module imports: identity guard, idempotent writes, health and metrics. */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      global: true,
      controllers: [ObservabilityController],
      providers: [
        { provide: SERVICE_DATA_SOURCE, useValue: options.dataSource },
        { provide: DataSource, useValue: options.dataSource },
        { provide: SERVICE_SCHEMA, useValue: options.schema },
        { provide: IDENTITY_TRUST, useValue: options.identityTrust },
        { provide: READINESS_CHECKS, useValue: options.readinessChecks },
        { provide: APP_GUARD, useClass: IdentityGuard },
        IdempotencyInterceptor,
      ],
      exports: [
        SERVICE_DATA_SOURCE,
        DataSource,
        SERVICE_SCHEMA,
        IDENTITY_TRUST,
        IdempotencyInterceptor,
      ],
    };
  }
}
