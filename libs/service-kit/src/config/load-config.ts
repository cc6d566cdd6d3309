import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { hasStartChecks } from './production-checks';

/**
 * Reads a service's settings from the environment into a class-validator class and refuses to
 * start with every bad variable named, rather than failing later on first use; then the config's
 * own cross-setting checks (secrets, production rules), all named in the same message.
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
  const problems = errors.map(describe);
  if (hasStartChecks(config))
    problems.push(...config.startProblems().map((problem) => ` - ${problem}`));
  if (problems.length > 0) {
    throw new Error(`invalid configuration:\n${problems.join('\n')}`);
  }
  return config;
}

function describe(error: ValidationError): string {
  return ` - ${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`;
}
