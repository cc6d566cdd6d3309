import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { qualified } from '@riskpool/db';
import { PaymentOrder, PaymentOutcome, PaymentRail } from './payment-rail.port';

export interface SimulatedRailOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  /** Answer latency, after the payment is booked (so a crash can fall between the two). */
  readonly delayMs: number;
  /** Share of calls refused, 0..1, decided by a hash of the seed, the key and the call number. */
  readonly failureRate: number;
  readonly seed: string;
  /** Refuse the first N calls of every key. */
  readonly failFirstAttempts: number;
}

/** Deterministic in [0, 1) for a seed, key and call number. */
export function simulatedDraw(seed: string, key: string, call: number): number {
  const digest = createHash('sha256').update(`${seed}\u0000${key}\u0000${call}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/**
 * A stand-in for the custodian bank's payment API, for demo and tests. It keeps its own book in
 * its own transactions (as a bank would, apart from ours): one payment per idempotency key, and a
 * log of every call. A repeated key is answered "already paid" with the first reference.
 */
export class SimulatedRail implements PaymentRail {
  readonly name = 'SIMULATED' as const;

  constructor(private readonly options: SimulatedRailOptions) {}

  async send(orders: readonly PaymentOrder[]): Promise<PaymentOutcome[]> {
    const outcomes: PaymentOutcome[] = [];
    for (const order of orders) outcomes.push(await this.payOne(order));
    if (this.options.delayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    return outcomes;
  }

  private async payOne(order: PaymentOrder): Promise<PaymentOutcome> {
    const { dataSource, schema } = this.options;
    const payments = qualified(schema, 'sim_rail_payments');
    const calls = qualified(schema, 'sim_rail_calls');
    return dataSource.transaction(async (manager) => {
      // Serialises calls with one key, so "already paid" and the call count are exact.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `${schema}.sim-rail.${order.instructionId}`,
      ]);
      const existing = (await manager.query(
        `SELECT reference FROM ${payments} WHERE idempotency_key = $1`,
        [order.instructionId],
      )) as Array<{ reference: string }>;
      const log = (outcome: string) =>
        manager.query(`INSERT INTO ${calls} (idempotency_key, outcome) VALUES ($1, $2)`, [
          order.instructionId,
          outcome,
        ]);
      if (existing[0] !== undefined) {
        await log('ALREADY_PAID');
        return {
          kind: 'PAID',
          instructionId: order.instructionId,
          reference: existing[0].reference,
          alreadyPaid: true,
        };
      }
      const counted = (await manager.query(
        `SELECT count(*)::int AS n FROM ${calls} WHERE idempotency_key = $1`,
        [order.instructionId],
      )) as Array<{ n: number }>;
      const call = (counted[0]?.n ?? 0) + 1;
      const refused =
        call <= this.options.failFirstAttempts ||
        simulatedDraw(this.options.seed, order.instructionId, call) < this.options.failureRate;
      if (refused) {
        await log('REFUSED');
        return {
          kind: 'REFUSED',
          instructionId: order.instructionId,
          reason: `simulated rail refused call ${call}`,
        };
      }
      const reference = `SIM-${order.instructionId}`;
      await manager.query(
        `INSERT INTO ${payments} (idempotency_key, amount_fen, debtor_fund_id, creditor_bank_id, reference)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          order.instructionId,
          order.amountFen.toString(),
          order.debtorFundId,
          order.creditorBankId,
          reference,
        ],
      );
      await log('PAID');
      return { kind: 'PAID', instructionId: order.instructionId, reference, alreadyPaid: false };
    });
  }
}
