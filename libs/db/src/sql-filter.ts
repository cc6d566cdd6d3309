/**
 * The WHERE clause of a list query, built from the filters a caller gave and numbering their
 * parameters: `add('bank_id = ?', bankId)` appends `bank_id = $n` only when `bankId` is given.
 * Values always travel as parameters, never in the SQL text.
 */
export class SqlFilter {
  readonly params: unknown[];
  private readonly conditions: string[] = [];

  /** `params`: parameters the query numbers itself before the filter's (`$1`...). */
  constructor(params: readonly unknown[] = []) {
    this.params = [...params];
  }

  /** `condition` with each `?` bound to `value`, unless `value` is undefined. */
  add(condition: string, value: unknown): this {
    if (value === undefined) return this;
    const n = this.param(value);
    this.conditions.push(condition.replace(/\?/g, n));
    return this;
  }

  /** A condition that takes no parameter of its own (or numbered its own with `param`). */
  where(condition: string, when = true): this {
    if (when) this.conditions.push(condition);
    return this;
  }

  /** One more parameter (a LIMIT, a value of a hand-written condition); answers its `$n`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** `WHERE a AND b`, or nothing when no condition was given. */
  get sql(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }

  /** The conditions joined by AND (`TRUE` when none), for a query that has its own WHERE. */
  get and(): string {
    return this.conditions.length > 0 ? this.conditions.join(' AND ') : 'TRUE';
  }
}
