import { inSavepoint, UnitOfWork } from '@riskpool/db';
import { FieldError, ProblemException } from './problem';

/** What became of one item of a bulk request. */
export type ItemOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly code: string;
      readonly detail?: string;
      readonly errors: readonly FieldError[];
    };

/**
 * Applies each item of a bulk request in its own savepoint of the request's transaction, in order:
 * an item refused with a problem (4xx) is rolled back alone and reported, the others stand. Any
 * other error fails the whole request, as it would the single route.
 */
export async function applyEachInSavepoint<I, T>(
  uow: UnitOfWork,
  items: readonly I[],
  apply: (item: I, itemUow: UnitOfWork) => Promise<T>,
): Promise<ItemOutcome<T>[]> {
  const outcomes: ItemOutcome<T>[] = [];
  for (const item of items) {
    try {
      outcomes.push({ ok: true, value: await inSavepoint(uow, (itemUow) => apply(item, itemUow)) });
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      outcomes.push({
        ok: false,
        code: error.code,
        ...(error.detail !== undefined ? { detail: error.detail } : {}),
        errors: error.errors,
      });
    }
  }
  return outcomes;
}
