import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import type { ServiceConfig, ServiceDefinition } from '../service-runner';

/** What a service's own module holds; its consumers are controllers to Nest. */
export interface ServiceModuleParts {
  /** HTTP controllers. */
  readonly controllers?: ReadonlyArray<Type<unknown>>;
  /** Kafka consumers: controllers whose `@EventPattern` handlers libs/kafka's KafkaEventTransport runs. */
  readonly consumers?: ReadonlyArray<Type<unknown>>;
  readonly providers?: ModuleMetadata['providers'];
  readonly exports?: ModuleMetadata['exports'];
}

/**
 * A service's own Nest module, built at start from its settings (a service definition's
 * `module`). `name` names the module class, as Nest's logs show it.
 */
export function serviceModule(name: string, parts: ServiceModuleParts): DynamicModule {
  @Module({})
  class ServiceModule {}
  Object.defineProperty(ServiceModule, 'name', { value: name });
  return {
    module: ServiceModule,
    controllers: [...(parts.controllers ?? []), ...(parts.consumers ?? [])],
    ...(parts.providers !== undefined ? { providers: parts.providers } : {}),
    ...(parts.exports !== undefined ? { exports: parts.exports } : {}),
  };
}

/** Another instance of a service beside the first (tests, a replay): its own name and schema. */
export interface ServiceInstanceOptions {
  /** Service name (default: the service's own). */
  readonly name?: string;
  /** PostgreSQL schema (default: the service's name). */
  readonly schema?: string;
}

/**
 * The definition of a service that can run as another instance under another name and schema
 * (`options`); identities stay addressed to the service itself. `parts` builds the rest for the
 * schema the instance uses.
 */
export function serviceInstanceDefinition<C extends ServiceConfig>(
  service: string,
  options: ServiceInstanceOptions,
  parts: (schema: string) => Omit<ServiceDefinition<C>, 'name' | 'schema' | 'identityTarget'>,
): ServiceDefinition<C> {
  const schema = options.schema ?? service;
  return { name: options.name ?? service, identityTarget: service, schema, ...parts(schema) };
}
