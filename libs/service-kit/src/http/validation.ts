import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, Problems } from './problem';

/** Flattens nested class-validator errors into one entry per bad field, with a dotted path. */
export function fieldErrorsOf(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      field,
      code,
      message,
    }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/** Whitelisting and no implicit conversion: a number where a fen string belongs is a 400. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => Problems.invalid(fieldErrorsOf(errors)),
  });
}
