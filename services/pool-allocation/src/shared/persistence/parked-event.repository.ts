import { EventEnvelope } from '@riskpool/contracts';
import { execute, exists, insert, query, table, Tx } from './sql';
import { SqlFilter } from '@riskpool/db';

export interface ParkedEvent {
  readonly seq: number;
  readonly topic: string;
  readonly envelope: EventEnvelope;
  readonly reason: string;
}

/**
 * An event that cannot apply yet (its loan, claim, policy or fund is not known yet: topics are not
 * ordered with each other) waits here and is applied when what it needs arrives.
 */
export async function parkEvent(
  tx: Tx,
  event: {
    topic: string;
    envelope: EventEnvelope;
    loanId: string;
    defaultId: string | null;
    reason: string;
  },
): Promise<void> {
  await insert(
    tx,
    'parked_events',
    'event_id, topic, loan_id, default_id, envelope, reason',
    { ...event, eventId: event.envelope.id },
    'ON CONFLICT (event_id) DO UPDATE SET reason = EXCLUDED.reason',
  );
}

export async function parkedEvents(
  tx: Tx,
  filter: { loanId?: string; defaultId?: string; topic?: string },
): Promise<ParkedEvent[]> {
  const where = new SqlFilter()
    .add('loan_id = ?', filter.loanId)
    .add('default_id = ?', filter.defaultId)
    .add('topic = ?', filter.topic);
  const rows = await query<{ seq: string; topic: string; envelope: EventEnvelope; reason: string }>(
    tx,
    `SELECT seq, topic, envelope, reason FROM ${table(tx, 'parked_events')}
     ${where.sql} ORDER BY seq FOR UPDATE SKIP LOCKED`,
    where.params,
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    topic: r.topic,
    envelope: r.envelope,
    reason: r.reason,
  }));
}

export async function unparkEvent(tx: Tx, eventId: string): Promise<void> {
  await execute(tx, `DELETE FROM ${table(tx, 'parked_events')} WHERE event_id = $1`, [eventId]);
}

export async function isParked(tx: Tx, eventId: string): Promise<boolean> {
  return exists(tx, 'parked_events', 'event_id', eventId);
}
