// The ledger is the single writer of its journal while it holds a PostgreSQL advisory lock on a
// session of its own. When that session ends (PostgreSQL restarted, the backend terminated, the
// network cut) the writer refuses to write again (another writer may have taken over), so the
// process would stay up, ready on /health, and never post another entry. Crash-only instead: the
// service's main exits with EXIT_WRITER_LOCK_LOST, and its supervisor starts it again; the new
// process waits for the lock and rebuilds its state from the stored journal.

/** EX_TEMPFAIL (sysexits.h): "try again later" — restart me. */
export const EXIT_WRITER_LOCK_LOST = 75;

export interface LockHolder {
  readonly holdsLock: boolean;
}

/**
 * Calls `onLost` once, the first time `writer` no longer holds the lock after having held it.
 * Returns a function that stops watching.
 */
export function watchWriterLock(
  writer: LockHolder,
  onLost: () => void,
  intervalMs = 500,
): () => void {
  let held = writer.holdsLock;
  const timer = setInterval(() => {
    if (writer.holdsLock) {
      held = true;
    } else if (held) {
      clearInterval(timer);
      onLost();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
