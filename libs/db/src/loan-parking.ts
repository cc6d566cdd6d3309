import { EntityManager } from 'typeorm';

/** An event kept until its loan is known here. */
export interface ParkedLoanEvent {
  readonly eventId: string;
  readonly topic: string;
  readonly payload: unknown;
}

/**
 * Events that arrived before their loan's registration (topics are not ordered with each other),
 * kept by loan in a table of `seq`, `event_id` (unique), `loan_id`, `topic` and `payload` jsonb,
 * and taken back in the order they came once the loan is registered.
 */
export class LoanParking {
  /** `table`: the qualified table (`"schema"."parked_events"`). */
  constructor(private readonly table: string) {}

  /** Keeps the event (once: a redelivered event is kept once). */
  async park(manager: EntityManager, event: ParkedLoanEvent & { loanId: string }): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table} (event_id, loan_id, topic, payload) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (event_id) DO NOTHING`,
      [event.eventId, event.loanId, event.topic, JSON.stringify(event.payload)],
    );
  }

  /** Takes (and deletes) the loan's parked events, oldest first. */
  async take(manager: EntityManager, loanId: string): Promise<ParkedLoanEvent[]> {
    const rows = (await manager.query(
      `WITH taken AS (DELETE FROM ${this.table} WHERE loan_id = $1 RETURNING seq, event_id, topic,
         payload) SELECT event_id, topic, payload FROM taken ORDER BY seq`,
      [loanId],
    )) as Array<{ event_id: unknown; topic: string; payload: unknown }>;
    return rows.map((r) => ({ eventId: String(r.event_id), topic: r.topic, payload: r.payload }));
  }
}
