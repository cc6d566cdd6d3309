// The unit specs of the journal plan events as the writer hands them over: this builds them.
import type { LedgerInput } from '../src/journal/posting-rules';

/** `input(eventId, eventType, data)`: an event of subject 's' at `time`. */
export const ledgerInputAt =
  (time: string) =>
  (eventId: string, eventType: string, data: unknown): LedgerInput => ({
    eventId,
    eventType,
    time,
    subject: 's',
    data,
  });
