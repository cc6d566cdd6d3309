import { ProblemException } from './problem';
import { createValidationPipe } from './validation';

/** What the service's ValidationPipe makes of a request part: the DTO, or the problem it answers. */
export async function throughPipe<T>(
  metatype: new () => T,
  type: 'body' | 'query',
  value: unknown,
): Promise<T | ProblemException> {
  try {
    return (await createValidationPipe().transform(value, { type, metatype })) as T;
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
}
