/** What the ledger remembers of an applied event. */
export interface IndexedEvent {
  /**
   * First 16 bytes (32 hex digits) of SHA-256 over the entries' content JSON joined by '\n', or
   * '' where fingerprints are not kept (the verifier only needs to know an id was used).
   */
  readonly fingerprint: string;
  readonly firstSeq: bigint;
  readonly entryCount: number;
}

/** Applied events by id; in memory by default, replaceable by a store the service pre-loads. */
export interface EventIndex {
  get(eventId: string): IndexedEvent | undefined;
  set(eventId: string, event: IndexedEvent): void;
}

const FINGERPRINT = /^[0-9a-f]{32}$/;
const FINGERPRINT_BYTES = 16;

/**
 * The default index: one map slot per event id and the rest in typed arrays (about 30 bytes per
 * event besides the id), so a million events cost tens of megabytes and no objects for the
 * garbage collector to trace.
 */
export class InMemoryEventIndex implements EventIndex {
  private readonly slots = new Map<string, number>();
  private firstSeqs = new Float64Array(1024);
  private entryCounts = new Uint32Array(1024);
  private fingerprints = new Uint8Array(1024 * FINGERPRINT_BYTES);
  private hasFingerprint = new Uint8Array(1024);

  get size(): number {
    return this.slots.size;
  }

  get(eventId: string): IndexedEvent | undefined {
    const slot = this.slots.get(eventId);
    if (slot === undefined) {
      return undefined;
    }
    const offset = slot * FINGERPRINT_BYTES;
    return {
      fingerprint:
        this.hasFingerprint[slot] === 1
          ? Buffer.from(this.fingerprints.subarray(offset, offset + FINGERPRINT_BYTES)).toString(
              'hex',
            )
          : '',
      firstSeq: BigInt(this.firstSeqs[slot] as number),
      entryCount: this.entryCounts[slot] as number,
    };
  }

  set(eventId: string, event: IndexedEvent): void {
    if (event.fingerprint !== '' && !FINGERPRINT.test(event.fingerprint)) {
      throw new RangeError('a fingerprint is 32 lower-case hex digits or empty');
    }
    if (event.firstSeq < 1n || event.firstSeq > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new RangeError(`firstSeq ${event.firstSeq} is out of range`);
    }
    if (
      !Number.isSafeInteger(event.entryCount) ||
      event.entryCount < 0 ||
      event.entryCount > 0xffffffff
    ) {
      throw new RangeError(`entryCount ${event.entryCount} is out of range`);
    }
    let slot = this.slots.get(eventId);
    if (slot === undefined) {
      slot = this.slots.size;
      this.ensureCapacity(slot + 1);
      this.slots.set(eventId, slot);
    }
    this.firstSeqs[slot] = Number(event.firstSeq);
    this.entryCounts[slot] = event.entryCount;
    this.hasFingerprint[slot] = event.fingerprint === '' ? 0 : 1;
    if (event.fingerprint !== '') {
      this.fingerprints.set(Buffer.from(event.fingerprint, 'hex'), slot * FINGERPRINT_BYTES);
    }
  }

  private ensureCapacity(slots: number): void {
    if (slots <= this.firstSeqs.length) {
      return;
    }
    const capacity = this.firstSeqs.length * 2;
    this.firstSeqs = grow(this.firstSeqs, new Float64Array(capacity));
    this.entryCounts = grow(this.entryCounts, new Uint32Array(capacity));
    this.hasFingerprint = grow(this.hasFingerprint, new Uint8Array(capacity));
    this.fingerprints = grow(this.fingerprints, new Uint8Array(capacity * FINGERPRINT_BYTES));
  }
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
