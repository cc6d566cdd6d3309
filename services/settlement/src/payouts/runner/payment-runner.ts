import { Logger } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { OutgoingEvent } from '@riskpool/contracts';
import { RailName } from '../../config/settlement.config';
import { NotifyWaker, runInTransaction } from '@riskpool/db';
import { afterFailure, RetryPolicy } from '../domain/retry-policy';
import { payoutCompleted, payoutFailed } from '../domain/payout-events';
import { subsidyPaymentCompleted, subsidyPaymentFailed } from '../domain/subsidy-payment-events';
import {
  PaymentInstruction,
  PaymentInstructionRepository,
  paymentsChannel,
} from '../persistence/payment-instruction.repository';
import { PaymentOutcome, PaymentRail, StatusEntry } from '../rails/payment-rail.port';

export interface PaymentRunnerOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly rail: PaymentRail;
  readonly retry: RetryPolicy;
  /**
   * How often to look for due instructions and status reports: always for an asynchronous rail
   * or while no LISTEN is up; otherwise see idleSleepMs.
   */
  readonly pollIntervalMs: number;
  /** When given, a new instruction wakes the runner at once (NOTIFY) instead of at the next poll. */
  readonly listenUrl?: string;
  readonly batchMax: number;
  readonly callTimeoutMs: number;
  readonly leaseMs: number;
}

function counter(name: string, help: string): Counter<'rail' | 'outcome'> {
  return (
    (register.getSingleMetric(name) as Counter<'rail' | 'outcome'> | undefined) ??
    new Counter({ name, help, labelNames: ['rail', 'outcome'] })
  );
}

/** The longest an idle runner sleeps while NOTIFY wakes it for new instructions (a safety net). */
export const LISTENING_IDLE_MS_MAX = 5_000;

/**
 * How long an idle runner sleeps. A new instruction wakes it by NOTIFY, so with LISTEN up and a
 * rail whose answers come with the call (nothing to collect) it sleeps until the next retry or
 * lease falls due, up to LISTENING_IDLE_MS_MAX, and never less than the poll interval: each look
 * is a transaction, wasted when nothing is due. Otherwise it polls.
 */
export function idleSleepMs(options: {
  readonly listening: boolean;
  readonly railReportsLater: boolean;
  readonly pollIntervalMs: number;
  /** From msUntilNextDue; undefined when nothing waits. */
  readonly untilDueMs: number | undefined;
}): number {
  const { listening, railReportsLater, pollIntervalMs, untilDueMs } = options;
  if (!listening || railReportsLater) return pollIntervalMs;
  const longest = Math.max(pollIntervalMs, LISTENING_IDLE_MS_MAX);
  return Math.min(longest, Math.max(pollIntervalMs, untilDueMs ?? longest));
}

class CallTimeout extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallTimeout(`rail did not answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The payment loop: claims due instructions (FOR UPDATE SKIP LOCKED, bounded batch, leased),
 * sends them through the rail with the instruction id as idempotency key, and records each
 * answer with its event in one transaction. A crash anywhere leaves either a PENDING row or a
 * SENDING row whose lease runs out; either is sent again with the same key, and the rail answers
 * "already paid" for what it paid before — so nothing is paid twice.
 */
export class PaymentRunner {
  private readonly logger = new Logger('payment-runner');
  private readonly repository: PaymentInstructionRepository;
  private readonly outcomes = counter(
    'riskpool_settlement_payment_outcomes_total',
    'Payment attempts by rail and outcome',
  );
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly waker: NotifyWaker;

  constructor(private readonly options: PaymentRunnerOptions) {
    this.repository = new PaymentInstructionRepository(options.schema);
    this.waker = new NotifyWaker({
      listenUrl: options.listenUrl,
      channel: paymentsChannel(options.schema),
      relistenMs: 5000,
      onLost: (error) => {
        if (this.running) this.logger.warn(`payment listener lost (polling only): ${error}`);
      },
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.options.rail.recover?.();
    this.running = true;
    await this.waker.ensureListening();
    this.loop = this.run();
  }

  /** Finishes the round in progress (bounded by the call timeout), then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.waker.notify();
    await this.loop;
    this.loop = undefined;
    await this.waker.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        await this.waker.ensureListening();
        this.waker.clear();
        busy = await this.runOnce();
      } catch (error) {
        this.logger.error(`payment round failed: ${String(error)}`);
      }
      if (!this.running) break;
      if (busy) continue;
      await this.waker.sleep(await this.idleMs());
    }
  }

  private async idleMs(): Promise<number> {
    const { pollIntervalMs, rail, dataSource } = this.options;
    const listening = this.waker.listening;
    const railReportsLater = rail.collectStatuses !== undefined;
    const untilDueMs =
      listening && !railReportsLater
        ? await this.repository.msUntilNextDue(dataSource.manager).catch(() => 0)
        : undefined;
    return idleSleepMs({ listening, railReportsLater, pollIntervalMs, untilDueMs });
  }

  /** One round: status reports first, then one batch of due instructions. True if it did work. */
  async runOnce(): Promise<boolean> {
    const statuses = await this.applyStatusReports();
    const { dataSource, schema, batchMax, leaseMs } = this.options;
    const claimed = await runInTransaction(dataSource, schema, (uow) =>
      this.repository.claimDue(uow.manager, batchMax, leaseMs),
    );
    if (claimed.length === 0) return statuses > 0;
    let answers: PaymentOutcome[];
    try {
      answers = await withTimeout(
        this.options.rail.send(
          claimed.map((i) => ({
            instructionId: i.instructionId,
            attempt: i.attempts,
            amountFen: i.amountFen,
            debtorFundId: i.fundId,
            creditorBankId: i.bankId,
            claimId: i.claimId,
            loanId: i.loanId,
            requestedOn: i.requestedOn,
            ...(i.subsidy !== undefined
              ? {
                  creditorBankId: i.subsidy.uscc,
                  subsidy: {
                    roundId: i.subsidy.roundId,
                    uscc: i.subsidy.uscc,
                    accountNo: i.subsidy.accountNo,
                    accountName: i.subsidy.accountName,
                  },
                }
              : {}),
          })),
        ),
        this.options.callTimeoutMs,
      );
    } catch (error) {
      // No answer: the rail may or may not have paid. Retrying with the same key is safe.
      const reason = error instanceof CallTimeout ? error.message : `rail error: ${String(error)}`;
      answers = claimed.map((i) => ({ kind: 'REFUSED', instructionId: i.instructionId, reason }));
    }
    const byId = new Map(answers.map((a) => [a.instructionId, a]));
    for (const instruction of claimed) {
      const answer = byId.get(instruction.instructionId) ?? {
        kind: 'REFUSED' as const,
        instructionId: instruction.instructionId,
        reason: 'the rail gave no answer for this payment',
      };
      await this.record(instruction, answer);
    }
    return true;
  }

  private async record(instruction: PaymentInstruction, answer: PaymentOutcome): Promise<void> {
    const { dataSource, schema, rail, retry } = this.options;
    const attempt = instruction.attempts;
    await runInTransaction(dataSource, schema, async (uow) => {
      const outcomeName =
        answer.kind === 'PAID' ? (answer.alreadyPaid ? 'ALREADY_PAID' : 'PAID') : answer.kind;
      await this.repository.recordAttempt(
        uow.manager,
        instruction.instructionId,
        attempt,
        rail.name,
        outcomeName,
        answer.kind === 'REFUSED' ? answer.reason : answer.reference,
      );
      this.outcomes.inc({ rail: rail.name, outcome: outcomeName });
      if (answer.kind === 'PAID') {
        const paid = await this.repository.markPaid(
          uow.manager,
          instruction.instructionId,
          attempt,
          rail.name,
          answer.reference,
        );
        if (paid !== undefined)
          uow.publish(await this.completed(uow.manager, paid, rail.name, answer.reference));
      } else if (answer.kind === 'SUBMITTED') {
        await this.repository.markSubmitted(
          uow.manager,
          instruction.instructionId,
          attempt,
          rail.name,
          answer.reference,
        );
      } else {
        const next = afterFailure(retry, attempt);
        const failed = await this.repository.markFailed(
          uow.manager,
          instruction.instructionId,
          attempt,
          rail.name,
          answer.reason,
          next.kind === 'RETRY' ? next.delayMs : undefined,
        );
        if (failed !== undefined) {
          uow.publish(await this.failed(uow.manager, failed, rail.name, attempt, answer.reason));
          if (failed.status === 'FAILED')
            this.logger.warn(
              `payment ${failed.instructionId} parked as FAILED after ${attempt} attempts: ${answer.reason}`,
            );
        }
      }
    });
  }

  /** The completion event of its kind: a payout, or a subsidy payment with its parts. */
  private async completed(
    manager: EntityManager,
    i: PaymentInstruction,
    rail: RailName,
    reference: string,
  ): Promise<OutgoingEvent> {
    if (i.kind === 'COMPENSATION') return payoutCompleted(i, rail, reference);
    const parts = await this.repository.subsidyPartsOf(manager, i.instructionId);
    return subsidyPaymentCompleted(i, parts, rail, reference);
  }

  private async failed(
    manager: EntityManager,
    i: PaymentInstruction,
    rail: RailName,
    attempt: number,
    reason: string,
  ): Promise<OutgoingEvent> {
    if (i.kind === 'COMPENSATION') return payoutFailed(i, rail, attempt, reason);
    const parts = await this.repository.subsidyPartsOf(manager, i.instructionId);
    return subsidyPaymentFailed(i, parts, rail, attempt, reason);
  }

  /** Asynchronous rails: record each final status, then acknowledge the report. */
  private async applyStatusReports(): Promise<number> {
    const { rail } = this.options;
    if (rail.collectStatuses === undefined) return 0;
    const reports = await rail.collectStatuses();
    for (const report of reports) {
      for (const entry of report.entries) await this.applyStatus(entry);
      await rail.acknowledge?.(report);
    }
    return reports.length;
  }

  private async applyStatus(entry: StatusEntry): Promise<void> {
    const { dataSource, schema, rail, retry } = this.options;
    await runInTransaction(dataSource, schema, async (uow) => {
      const msgId = await rail.recordStatus?.(uow.manager, entry);
      if (msgId === undefined) return; // unknown, or already final: nothing changes
      const reference = entry.bankReference ?? msgId;
      if (entry.status === 'SETTLED') {
        const paid = await this.repository.markPaid(
          uow.manager,
          entry.instructionId,
          undefined,
          rail.name,
          reference,
        );
        if (paid !== undefined)
          uow.publish(await this.completed(uow.manager, paid, rail.name, reference));
        return;
      }
      const attempt = await this.repository.attemptsOf(uow.manager, entry.instructionId);
      const next = afterFailure(retry, attempt);
      const reason = `custodian rejected: ${entry.reason ?? 'no reason given'}`;
      const failed = await this.repository.markFailed(
        uow.manager,
        entry.instructionId,
        undefined,
        rail.name,
        reason,
        next.kind === 'RETRY' ? next.delayMs : undefined,
      );
      if (failed !== undefined)
        uow.publish(await this.failed(uow.manager, failed, rail.name, attempt, reason));
    });
  }
}
