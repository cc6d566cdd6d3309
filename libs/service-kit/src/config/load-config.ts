import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/**
 * Reads a service's settings from the environment into a class-validator class and refuses to
 * start with every bad variable named, rather than failing later on first use.
 */
export function loadConfig<T extends object>(
  configClass: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(configClass, defined, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new Error(`invalid configuration:\n${errors.map(describe).join('\n')}`);
  }
  return config;
}

function describe(error: ValidationError): string {
  return ` - ${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`;
}
