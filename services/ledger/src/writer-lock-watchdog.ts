// The ledger is the single writer of its journal while it holds a PostgreSQL advisory lock on a
// session of its own. When that session ends (PostgreSQL restarted, the backend terminated, the
// network cut) the writer refuses to write again (another writer may have taken over), so the
// process would stay up, ready on /health, and never post another entry. Crash-only instead: the
// service's main exits with EXIT_WRITER_LOCK_LOST, and its supervisor starts it again; the new
// process waits for the lock and rebuilds its state from the stored journal.

/** EX_TEMPFAIL (sysexits.h): "try again later" — restart me. */
export const EXIT_WRITER_LOCK_LOST = 75;

export interface LockHolder {
  /** True once the session that held the lock has ended (false while waiting for it first). */
  readonly lockLost: boolean;
}

/**
 * Calls `onLost` once, the first time `writer`'s lock session has ended. A session that ended
 * before the watch began counts too: the writer may take the lock during start-up and lose it
 * (PostgreSQL restarting) before the service has finished starting and this watch is set.
 * Returns a function that stops watching.
 */
export function watchWriterLock(
  writer: LockHolder,
  onLost: () => void,
  intervalMs = 500,
): () => void {
  const timer = setInterval(() => {
    if (!writer.lockLost) return;
    clearInterval(timer);
    onLost();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
