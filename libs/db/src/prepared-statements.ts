import { Client } from 'pg';

/** One parameterised data statement: what the extended protocol carries (never several commands). */
const DATA_STATEMENT = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/** PostgreSQL's answer when a prepared statement's rows changed shape under it (a column added). */
function isStalePlan(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === '0A000' &&
    /cached plan must not change result type/.test(error.message)
  );
}

type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * A pg `Client` class (the pool's `Client` option) that runs each parameterised data statement as
 * a named prepared statement, so PostgreSQL parses and plans its text once per connection instead
 * of at every call: a default's path runs about 230 statements, a few dozen texts again and
 * again. Only the first `maxStatements` distinct texts get a name (shared by the pool's
 * connections); the rest run unnamed as before, so no connection holds more than that. Statements
 * without parameters (transaction control, migrations' DDL, several commands in one string) are
 * left alone. A statement whose rows change shape under it (a newer version's migration adds a
 * column) fails once with "cached plan must not change result type"; that connection then runs
 * the text unnamed.
 */
export function preparingClient(maxStatements: number): typeof Client {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < maxStatements) {
      name = `riskpool_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return class PreparingClient extends Client {
    constructor(...args: ConstructorParameters<typeof Client>) {
      super(...args);
      const query = Client.prototype.query.bind(this) as QueryFn;
      const unnamed = new Set<string>();
      const prepared: QueryFn = (config, values, callback) => {
        if (
          typeof config !== 'string' ||
          !Array.isArray(values) ||
          values.length === 0 ||
          callback !== undefined ||
          unnamed.has(config) ||
          !DATA_STATEMENT.test(config)
        )
          return query(config, values, callback);
        const name = nameOf(config);
        if (name === undefined) return query(config, values);
        return (query({ name, text: config, values }) as Promise<unknown>).catch(
          (error: unknown) => {
            if (isStalePlan(error)) unnamed.add(config);
            throw error;
          },
        );
      };
      (this as unknown as { query: QueryFn }).query = prepared;
    }
  };
}
