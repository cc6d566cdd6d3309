import { EntityManager } from 'typeorm';
import { RailName } from '../../config/settlement.config';

/** One payment to make: a fund's money to a partner bank, keyed by the instruction id. */
export interface PaymentOrder {
  /** The idempotency key on the rail and the pain.001 EndToEndId. */
  readonly instructionId: string;
  readonly attempt: number;
  readonly amountFen: bigint;
  readonly debtorFundId: string;
  readonly creditorBankId: string;
  readonly claimId: string;
  readonly loanId: string;
  /** Requested execution date (business date). */
  readonly requestedOn: string;
  /**
   * An interest subsidy payment (docs/domain.md §9.4): the creditor is the enterprise's payee
   * account, not a partner bank (`creditorBankId` then holds the enterprise's USCC).
   */
  readonly subsidy?: {
    readonly roundId: string;
    readonly uscc: string;
    readonly accountNo: string;
    readonly accountName: string;
  };
}

export type PaymentOutcome =
  /** The money moved; `alreadyPaid` when an earlier call with this key had moved it. */
  | {
      readonly kind: 'PAID';
      readonly instructionId: string;
      readonly reference: string;
      readonly alreadyPaid: boolean;
    }
  /** Accepted for processing; the final status comes later as a status report. */
  | { readonly kind: 'SUBMITTED'; readonly instructionId: string; readonly reference: string }
  /** Not paid; may be tried again with the same key. */
  | { readonly kind: 'REFUSED'; readonly instructionId: string; readonly reason: string };

/** A final status the rail reported for a submitted payment. */
export interface StatusEntry {
  readonly instructionId: string;
  readonly status: 'SETTLED' | 'REJECTED';
  readonly reason?: string;
  readonly bankReference?: string;
}

export interface StatusReport {
  /** Handle to acknowledge the report once its entries are recorded. */
  readonly source: string;
  readonly entries: readonly StatusEntry[];
}

/**
 * The payment port. `send` must be safe to repeat with the same instruction id: a rail that has
 * already paid (or taken) that id answers with the first result and moves no money again.
 */
export interface PaymentRail {
  readonly name: RailName;
  send(orders: readonly PaymentOrder[]): Promise<PaymentOutcome[]>;
  /** Asynchronous rails: status reports waiting to be recorded. */
  collectStatuses?(): Promise<StatusReport[]>;
  /** Records a status entry in the rail's own books, inside the caller's transaction. */
  recordStatus?(manager: EntityManager, entry: StatusEntry): Promise<string | undefined>;
  /** The report is recorded: it will not be offered again. */
  acknowledge?(report: StatusReport): Promise<void>;
  /** Finishes work a crash may have left half done (e.g. a file written but not yet delivered). */
  recover?(): Promise<void>;
}

export const PAYMENT_RAIL = Symbol('PAYMENT_RAIL');
