import { Module, Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
} from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import { DECORATORS, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ServiceConfig, ServiceDefinition } from '../service-runner';
import { controllersOf } from '../http/public-route';

/** What a controller's constructor asks for: its parameter types, or the `@Inject` tokens. */
function dependenciesOf(controller: Type<unknown>): unknown[] {
  const types = (Reflect.getMetadata('design:paramtypes', controller) as unknown[]) ?? [];
  const injected =
    (Reflect.getMetadata('self:paramtypes', controller) as Array<{
      index: number;
      param: unknown;
    }>) ?? [];
  return types.map((type, i) => injected.find((p) => p.index === i)?.param ?? type);
}

const ENHANCERS = [
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  EXCEPTION_FILTERS_METADATA,
];

/** The controller's and its guards', interceptors', pipes' and filters' dependencies. */
function allDependenciesOf(controller: Type<unknown>): unknown[] {
  const proto = controller.prototype as object;
  const targets: object[] = [
    controller,
    ...Object.getOwnPropertyNames(proto)
      .map((name) => Object.getOwnPropertyDescriptor(proto, name)?.value as unknown)
      .filter((v): v is object => typeof v === 'function'),
  ];
  const enhancers = targets.flatMap((target) =>
    ENHANCERS.flatMap((key) => (Reflect.getMetadata(key, target) as unknown[]) ?? []),
  );
  return [
    ...dependenciesOf(controller),
    ...enhancers
      .filter((e): e is Type<unknown> => typeof e === 'function')
      .flatMap((e) => dependenciesOf(e)),
  ];
}

/**
 * A service's own OpenAPI document, built from its controllers' DTOs and decorators alone: the
 * controllers get empty stand-ins for what they depend on, so no database, broker or settings are
 * needed and nothing listens. The gateway's document is assembled from these (`npm run
 * openapi:generate`).
 */
export async function buildServiceDocument<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  settings: Partial<C> = {},
): Promise<OpenAPIObject> {
  // A controller kept out of the document (`@ApiExcludeController`) is not built either.
  const controllers = controllersOf(definition, settings).filter(
    (c) => (Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, c) as unknown[])?.[0] !== true,
  );
  const tokens = new Set(controllers.flatMap(allDependenciesOf));
  @Module({
    controllers,
    providers: [...tokens].map((token) => ({ provide: token as string, useValue: {} })),
  })
  class DocumentModule {}
  const app = await NestFactory.create(DocumentModule, { logger: false, abortOnError: false });
  try {
    const config = new DocumentBuilder()
      .setTitle(definition.name)
      .setVersion('1')
      .setOpenAPIVersion('3.1.0')
      .build();
    return SwaggerModule.createDocument(app, config);
  } finally {
    await app.close();
  }
}
