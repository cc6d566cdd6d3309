import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { allPages } from './lib/api';
import type { Lang, TextKey } from './lib/i18n';
import type { Session } from './lib/session';

export interface ConsoleContext {
  readonly session: Session;
  readonly lang: Lang;
  readonly t: (key: TextKey) => string;
  /** Moves to a console path (`/claims/…`) without reloading, so the key stays in memory. */
  readonly navigate: (path: string) => void;
}

export const Ctx = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const value = useContext(Ctx);
  if (value === null) throw new Error('useConsole outside the signed-in console');
  return value;
}

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` when the page opens (and on reload()), keeping its answer or its error. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: true,
  });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => {
        if (live) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (live) setState({ error, loading: false });
      },
    );
    return () => {
      live = false;
    };
    // `load` is a new function each render; `deps` says when its answer changes.
  }, [...deps, round]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Every item of a paged list (`allPages`), read again when `path` changes or on reload(). */
export function useAllPages<T>(path: string): Loaded<T[]> {
  const { session } = useConsole();
  return useLoad(() => allPages<T>(session.api, path), [path]);
}

/**
 * Decisions on what `path` names (a claim, a subsidy round): the reason being typed, and
 * `decide`, which posts a decision to `${path}/decisions` with the reason (trimmed; none when
 * blank) and any `extra` fields.
 */
export function useDecisions<D extends string>(path: string) {
  const { session } = useConsole();
  const [reason, setReason] = useState('');
  const decide = (decision: D, extra: object = {}) =>
    session.api.post(`${path}/decisions`, {
      decision,
      ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
      ...extra,
    });
  return { reason, setReason, decide };
}
