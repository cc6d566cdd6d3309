import { KeyObject } from 'node:crypto';
import { createEvent, Identity, signIdentity, Topics, uuidv7 } from '@riskpool/contracts';
import { appendToOutbox } from '@riskpool/db';
import { DataSource } from 'typeorm';
import type { LedgerWriter } from '../journal/ledger-writer';
import { type Difference, type SourceTotals, differenceKey, reconcile } from './reconciliation';
import type { ReconciliationReportView } from './reconciliation-view';

export interface ReconciliationOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly writer: LedgerWriter;
  readonly poolAllocationUrl: string;
  readonly settlementUrl: string;
  /** The subsidy service's base URL (its `GET /reconciliation/funds`). */
  readonly subsidyUrl: string;
  /** The ledger's own identity key: it signs `service:ledger`, never a user's role (ADR 0013). */
  readonly identityKey: KeyObject;
  /** Wait before looking again at a difference: events still in flight close most of them. */
  readonly confirmMs: number;
  readonly logger?: { warn(message: string, fields?: Record<string, unknown>): void };
}

/** A source could not be read: nothing was compared, which is not a difference. */
export class SourceUnavailableError extends Error {
  constructor(detail: string) {
    super(`reconciliation: ${detail}`);
    this.name = 'SourceUnavailableError';
  }
}

/** The check's answer (one declaration, documented for the public API). */
export type ReconciliationReport = ReconciliationReportView;

/** A difference as both the alert event and the check's answer carry it (amounts as fen strings). */
function differenceFigures(d: Difference) {
  return {
    party: d.party,
    partyId: d.partyId,
    figure: d.figure,
    source: d.source,
    ledgerFen: d.ledgerFen.toString(),
    sourceFen: d.sourceFen.toString(),
    differenceFen: (d.ledgerFen - d.sourceFen).toString(),
  };
}

/**
 * Compares the ledger's totals per fund and per bank with pool-allocation's and settlement's, and
 * each subsidy fund's with the subsidy service's and settlement's, and
 * publishes `ledger.reconciliation-alert.v1` (outbox) for each figure that still differs after
 * `confirmMs`. Reads only; the book is never changed.
 */
export class ReconciliationService {
  private running: Promise<ReconciliationReport> | undefined;

  constructor(private readonly options: ReconciliationOptions) {}

  /** Runs a check (one at a time: a second caller shares the running one). */
  run(): Promise<ReconciliationReport> {
    this.running ??= this.check().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async check(): Promise<ReconciliationReport> {
    const first = await this.differences();
    let confirmed = first;
    if (first.differences.length > 0 && this.options.confirmMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.options.confirmMs));
      const again = await this.differences();
      const before = new Set(first.differences.map(differenceKey));
      confirmed = {
        ...again,
        differences: again.differences.filter((d) => before.has(differenceKey(d))),
      };
    }
    const checkId = uuidv7();
    const checkedAt = new Date().toISOString();
    const size = confirmed.treeSize.toString();
    if (confirmed.differences.length > 0) {
      await this.options.dataSource.transaction((manager) =>
        appendToOutbox(
          manager,
          this.options.schema,
          confirmed.differences.map((d) =>
            createEvent({
              topic: Topics.ledgerReconciliationAlert,
              source: 'ledger',
              subject: `${d.party}:${d.partyId}`,
              data: { checkId, ...differenceFigures(d), ledgerTreeSize: size, checkedAt },
            }),
          ),
        ),
      );
      this.options.logger?.warn('reconciliation: the ledger disagrees with a source', {
        checkId,
        differences: confirmed.differences.length,
      });
    }
    return {
      checkId,
      checkedAt,
      ledgerTreeSize: size,
      ok: confirmed.differences.length === 0,
      differences: confirmed.differences.map(differenceFigures),
    };
  }

  private async differences(): Promise<{ treeSize: bigint; differences: Difference[] }> {
    const sources = await this.sources();
    // The in-memory state is the committed book: names and counters from one consistent moment.
    const state = this.options.writer.ledgerState;
    const names = [...state.accounts()].map(([name]) => name);
    return {
      treeSize: state.size,
      differences: reconcile(names, (account) => state.balance(account), sources),
    };
  }

  private async sources(): Promise<SourceTotals> {
    const [funds, subsidyFunds, totals] = await Promise.all([
      this.allFunds<SourceTotals['poolFunds'][number]>(
        'pool-allocation',
        this.options.poolAllocationUrl,
      ),
      this.allFunds<NonNullable<SourceTotals['subsidyFunds']>[number]>(
        'subsidy',
        this.options.subsidyUrl,
      ),
      this.get<{
        banks: SourceTotals['settlementBanks'];
        funds: SourceTotals['settlementFunds'];
        subsidyFunds?: SourceTotals['settlementSubsidyFunds'];
      }>('settlement', this.options.settlementUrl, '/totals'),
    ]);
    return {
      poolFunds: funds,
      settlementFunds: totals.funds,
      settlementBanks: totals.banks,
      subsidyFunds,
      settlementSubsidyFunds: totals.subsidyFunds ?? [],
    };
  }

  /** Every fund of a source's `GET /reconciliation/funds`, page by page. */
  private async allFunds<T>(target: string, base: string): Promise<T[]> {
    const funds: T[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: T[]; nextCursor: string | null } = await this.get(
        target,
        base,
        `/reconciliation/funds?limit=500${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      funds.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return funds;
  }

  /**
   * A service-to-service read with the ledger's own narrow identity (`service:ledger`, signed with
   * the ledger's key for this one request to `target`), never an admin identity.
   */
  private async get<T>(target: string, base: string, path: string): Promise<T> {
    const identity: Identity = {
      role: 'service:ledger',
      scope: null,
      keyId: 'service:ledger',
      businessDate: new Date().toISOString().slice(0, 10),
      requestId: uuidv7(),
    };
    const baseUrl = new URL(base);
    const fullPath = `${baseUrl.pathname.replace(/\/$/, '')}${path}`;
    const url = `${baseUrl.origin}${fullPath}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: signIdentity(
          identity,
          { target, method: 'GET', path: fullPath },
          { issuer: 'ledger', privateKey: this.options.identityKey },
        ),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new SourceUnavailableError(`GET ${url} failed: ${String(error)}`);
    }
    if (!response.ok) throw new SourceUnavailableError(`GET ${url} answered ${response.status}`);
    return (await response.json()) as T;
  }
}
