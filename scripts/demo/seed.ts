import type { ServiceSpec } from './services';

export interface SeedContext {
  readonly services: readonly ServiceSpec[];
  readonly gatewaySecret: string;
  readonly log: (message: string) => void;
}

/**
 * Seeds the demo through the public API and returns the lines to print (URLs, keys). Each step
 * runs only when the service it needs is running.
 */
export async function seedDemo(context: SeedContext): Promise<string[]> {
  if (!context.services.some((s) => s.name === 'gateway')) {
    context.log(
      'no gateway yet: the demo data is seeded through the gateway, so there is nothing to seed',
    );
    return [];
  }
  return [];
}
