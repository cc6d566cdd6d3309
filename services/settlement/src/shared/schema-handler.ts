import { UnitOfWork } from '@riskpool/db';
import { lockKey } from './sql';

/**
 * A settlement use case bound to its schema (tests run settlements side by side under other
 * schemas): its repositories are that schema's, and so are its locks.
 */
export abstract class SchemaHandler {
  constructor(protected readonly schema: string) {}

  /** The advisory lock `<schema>.<what…>`, held until the transaction ends. */
  protected lock(uow: UnitOfWork, ...what: string[]): Promise<void> {
    return lockKey(uow.manager, [this.schema, ...what].join('.'));
  }
}
