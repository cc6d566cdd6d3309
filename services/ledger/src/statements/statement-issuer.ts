import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { createEvent, Topics } from '@riskpool/contracts';
import { appendToOutbox } from '@riskpool/db';
import {
  AccountCounters,
  assertEndedMonth,
  bankClaimStateFigures,
  BankClaimStateFigures,
  CLAIM_MEMO_ROLES,
  claimMemoAccount,
  BANK_ACCOUNT_ROLES,
  BankAccountRole,
  bankAccountName,
  BankLoanFigures,
  bankLoanFigures,
  BankStatementFigures,
  bankStatementFigures,
  fundAccountName,
  FundStatementFigures,
  fundStatementFigures,
  monthsEndedBetween,
  programmeLoanFigures,
  programmeStatementFigures,
  ZERO_COUNTERS,
} from '@riskpool/domain';
import type { AuditListener } from '../journal/ledger-writer';
import { LedgerQueries } from '../queries/ledger-queries';
import {
  bankStatementDocument,
  PROGRAMME_SUBJECT,
  programmeStatementDocument,
} from './bank-programme-documents';
import { statementCsv } from './statement-csv';
import { fundStatementDocument, StatementDocument } from './statement-document';
import { PdfRenderer } from './pdf-renderer';
import { StatementFileRow, StatementRepository } from './statement-repository';

export interface StatementIssuerOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  /** The committed journal size (the writer's in-memory state). */
  readonly journalSize: () => bigint;
  /** `STATEMENT_FONT_FILE` (`file.ttc#PostScriptName`), or empty for Debian's Noto CJK. */
  readonly fontFile: string;
  readonly logger?: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
  };
}

/** `TOWN:XIAOLAN` → `TOWN-XIAOLAN`: ids and file names without ':' (a Windows download). */
function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-');
}

export function fundStatementId(fundId: string, period: string): string {
  return `fund-monthly-${slug(fundId)}-${period}`;
}

export function bankStatementId(bankId: string, period: string): string {
  return `bank-monthly-${slug(bankId)}-${period}`;
}

/** `programme-monthly-2026-06`, `programme-annual-2026`. */
export function programmeStatementId(period: string): string {
  return `programme-${period.length === 4 ? 'annual' : 'monthly'}-${period}`;
}

/**
 * Issues statements (docs/domain.md §10). The business clock's event closes every month it
 * passed at the journal position where the ledger read it (in the batch's transaction, so a
 * close is never lost); then each closed month's statements that are missing are built from the
 * journal up to that position, stored with their files as issued, and announced with
 * `ledger.statement-issued.v1` in the same transaction. The ledger books that event back as ANCHOR
 * entries. Re-running issues nothing twice (one statement per kind, subject and month).
 */
export class StatementIssuer implements AuditListener {
  readonly repo: StatementRepository;
  private readonly queries: LedgerQueries;
  private running: Promise<void> = Promise.resolve();
  private readonly pdfs: PdfRenderer;
  /**
   * Closed months whose every statement is issued. The journal up to a month's close never
   * changes, so a later run skips them instead of reading which funds and banks the whole
   * journal names again (it runs after every batch that records an event in the audit trail).
   */
  private readonly issuedPeriods = new Set<string>();

  constructor(private readonly options: StatementIssuerOptions) {
    this.repo = new StatementRepository(options.dataSource, options.schema);
    this.queries = new LedgerQueries(options.dataSource, options.schema);
    this.pdfs = new PdfRenderer({ fontFile: options.fontFile });
  }

  /** Ends the PDF worker, if one runs (service shutdown). */
  close(): Promise<void> {
    return this.pdfs.close();
  }

  async inTransaction(
    manager: EntityManager,
    audited: ReadonlyArray<{ readonly eventType: string; readonly payload: unknown }>,
    sizeAfter: bigint,
  ): Promise<void> {
    for (const a of audited) {
      if (a.eventType !== Topics.gatewayBusinessDateChanged) continue;
      const d = a.payload as { businessDate: string; previousBusinessDate: string | null };
      const last =
        (await this.repo.lastBusinessDate(manager)) ?? d.previousBusinessDate ?? d.businessDate;
      for (const month of monthsEndedBetween(last, d.businessDate))
        await this.repo.closePeriod(manager, month, sizeAfter, d.businessDate, 'clock');
      await this.repo.setBusinessDate(manager, d.businessDate);
    }
  }

  afterCommit(): void {
    void this.issueMissing().catch((error: unknown) =>
      this.options.logger?.warn('statement issue failed', { error: String(error) }),
    );
  }

  /** On demand: closes an ended month now if the clock has not, then issues what is missing. */
  async issueMonth(month: unknown, businessDate: string): Promise<string> {
    const ended = assertEndedMonth(month, businessDate);
    await this.options.dataSource.transaction((manager) =>
      this.repo.closePeriod(manager, ended, this.options.journalSize(), businessDate, 'demand'),
    );
    await this.issueMissing();
    return ended;
  }

  /** Issues every missing statement of every closed month; one run at a time. */
  issueMissing(): Promise<void> {
    const run = this.running.then(() => this.issueMissingNow());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async issueMissingNow(): Promise<void> {
    const periods = await this.repo.periods();
    let openingSeq = 0n;
    // The year's opening: the closing of the last month of the year before (or the journal's start).
    let yearOpening = 0n;
    let year = '';
    for (const { period, closingSeq } of periods) {
      // A month closed before the clock reached the journal position of an earlier one covers nothing.
      const closing = closingSeq < openingSeq ? openingSeq : closingSeq;
      if (period.slice(0, 4) !== year) {
        year = period.slice(0, 4);
        yearOpening = openingSeq;
      }
      if (!this.issuedPeriods.has(period)) {
        await this.issuePeriod(period, 'monthly', openingSeq, closing);
        if (period.endsWith('-12')) await this.issuePeriod(year, 'annual', yearOpening, closing);
        this.issuedPeriods.add(period);
      }
      openingSeq = closing;
    }
  }

  /**
   * The missing statements of one period: each fund's and each bank's (monthly), then the
   * programme's, built from the same figures so every line of it equals theirs.
   */
  private async issuePeriod(
    period: string,
    kind: 'monthly' | 'annual',
    openingSeq: bigint,
    closingSeq: bigint,
  ): Promise<void> {
    const issued = await this.repo.issuedKeys(period);
    const header = () => ({ period, openingSeq, closingSeq, issuedAt: new Date().toISOString() });
    const programmeKind = kind === 'annual' ? 'PROGRAMME_ANNUAL' : 'PROGRAMME_MONTHLY';
    const programmeMissing = !issued.has(`${programmeKind}|${PROGRAMME_SUBJECT}`);
    const funds: FundStatementFigures[] = [];
    for (const fundId of await this.repo.fundsUpTo(closingSeq)) {
      const missing = kind === 'monthly' && !issued.has(`FUND_MONTHLY|${fundId}`);
      if (!missing && !programmeMissing) continue;
      const figures = await this.fundFigures(fundId, openingSeq, closingSeq);
      funds.push(figures);
      if (missing) {
        const doc = fundStatementDocument({
          ...header(),
          statementId: fundStatementId(fundId, period),
          month: period,
          figures,
        });
        await this.store(doc, 'fund', await this.files(doc));
      }
    }
    const banks: BankStatementFigures[] = [];
    const bankLoans: BankLoanFigures[] = [];
    for (const bankId of await this.repo.banksUpTo(closingSeq)) {
      const missing = kind === 'monthly' && !issued.has(`BANK_MONTHLY|${bankId}`);
      if (!missing && !programmeMissing) continue;
      const { figures, loans, opening, closing } = await this.bankFigures(
        bankId,
        openingSeq,
        closingSeq,
      );
      banks.push(figures);
      bankLoans.push(loans);
      if (missing) {
        const doc = bankStatementDocument({
          ...header(),
          statementId: bankStatementId(bankId, period),
          figures,
          loans,
          claimStates: await this.claimStates(bankId, openingSeq, closingSeq, opening, closing),
        });
        await this.store(doc, 'bank', await this.files(doc));
      }
    }
    if (programmeMissing) {
      const doc = programmeStatementDocument({
        ...header(),
        statementId: programmeStatementId(period),
        annual: kind === 'annual',
        figures: programmeStatementFigures(funds, banks),
        loans: programmeLoanFigures(bankLoans, funds),
      });
      await this.store(doc, 'programme', await this.files(doc));
    }
  }

  private async fundFigures(
    fundId: string,
    openingSeq: bigint,
    closingSeq: bigint,
  ): Promise<FundStatementFigures> {
    const available = fundAccountName(fundId, 'available');
    const held = fundAccountName(fundId, 'held');
    return fundStatementFigures({
      fundId,
      openingAvailable: await this.repo.countersAt(available, openingSeq),
      openingHeld: await this.repo.countersAt(held, openingSeq),
      closingAvailable: await this.repo.countersAt(available, closingSeq),
      closingHeld: await this.repo.countersAt(held, closingSeq),
      postings: await this.repo.ownerPostings('fund', fundId, openingSeq, closingSeq),
    });
  }

  private async bankFigures(
    bankId: string,
    openingSeq: bigint,
    closingSeq: bigint,
  ): Promise<{
    figures: BankStatementFigures;
    loans: BankLoanFigures;
    opening: ReadonlyMap<string, AccountCounters>;
    closing: ReadonlyMap<string, AccountCounters>;
  }> {
    // Every account of the bank at both positions in one query each: its four money accounts
    // and the memo accounts of its loan book (ADR 0019).
    const scope = { kind: 'bank', bankId } as const;
    const opening = await this.queries.balances(scope, openingSeq);
    const closing = await this.queries.balances(scope, closingSeq);
    const roles = (all: ReadonlyMap<string, AccountCounters>) => {
      const counters = {} as Record<BankAccountRole, AccountCounters>;
      for (const role of BANK_ACCOUNT_ROLES)
        counters[role] = all.get(bankAccountName(bankId, role)) ?? ZERO_COUNTERS;
      return counters;
    };
    const postings = await this.repo.ownerPostings('bank', bankId, openingSeq, closingSeq);
    return {
      figures: bankStatementFigures({
        bankId,
        opening: roles(opening),
        closing: roles(closing),
        postings,
        subsidyPostings: await this.repo.bankSubsidyPostings(bankId, openingSeq, closingSeq),
      }),
      loans: bankLoanFigures({ bankId, opening, closing, postings }),
      opening,
      closing,
    };
  }

  /**
   * The bank's claims and their states (ADR 0019): its claim memo entries from the journal's start
   * to the closing (a claim's state at the opening is read from those before it).
   */
  private async claimStates(
    bankId: string,
    openingSeq: bigint,
    closingSeq: bigint,
    opening: ReadonlyMap<string, AccountCounters>,
    closing: ReadonlyMap<string, AccountCounters>,
  ): Promise<BankClaimStateFigures> {
    const accounts = CLAIM_MEMO_ROLES.filter((r) => r !== 'claims-memo').map((r) =>
      claimMemoAccount(bankId, r),
    );
    const postings = await this.repo.ownerPostings('bank', bankId, 0n, closingSeq, accounts);
    return bankClaimStateFigures({ bankId, openingSeq, postings, opening, closing });
  }

  private async files(doc: StatementDocument): Promise<StatementFileRow[]> {
    const file = (
      format: StatementFileRow['format'],
      suffix: string,
      contentType: string,
      content: Buffer,
    ): StatementFileRow => ({
      format,
      fileName: `${doc.statementId}${suffix}`,
      contentType,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
    });
    return [
      file('csv', '.csv', 'text/csv; charset=utf-8', statementCsv(doc)),
      file('pdf-zh-CN', '.zh-CN.pdf', 'application/pdf', await this.pdfs.render(doc, 'zh-CN')),
      file('pdf-en', '.en.pdf', 'application/pdf', await this.pdfs.render(doc, 'en')),
    ];
  }

  private async store(
    doc: StatementDocument,
    subjectType: 'fund' | 'bank' | 'programme',
    files: readonly StatementFileRow[],
  ): Promise<void> {
    const event = createEvent({
      topic: Topics.ledgerStatementIssued,
      source: 'ledger',
      subject: doc.statementId,
      data: {
        statementId: doc.statementId,
        kind: doc.kind,
        subjectId: doc.subjectId,
        period: doc.period,
        openingSeq: doc.openingSeq.toString(),
        closingSeq: doc.closingSeq.toString(),
        issuedAt: doc.issuedAt,
        files: files.map((f) => ({
          name: f.fileName,
          format: f.format,
          sha256: f.sha256,
          bytes: f.content.length,
        })),
      },
    });
    const inserted = await this.options.dataSource.transaction(async (manager) => {
      const ok = await this.repo.insertStatement(
        manager,
        {
          statementId: doc.statementId,
          kind: doc.kind,
          subjectType,
          subjectId: doc.subjectId,
          period: doc.period,
          openingSeq: doc.openingSeq,
          closingSeq: doc.closingSeq,
          issuedAt: doc.issuedAt,
          eventId: event.envelope.id,
        },
        files,
      );
      if (ok) await appendToOutbox(manager, this.options.schema, [event]);
      return ok;
    });
    if (inserted)
      this.options.logger?.info('statement issued', {
        statementId: doc.statementId,
        period: doc.period,
        files: files.map((f) => `${f.fileName} ${f.sha256}`),
      });
  }
}
