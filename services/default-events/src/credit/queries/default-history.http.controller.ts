import { Controller, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  inReadScope,
  Page,
  pageOfList,
  PageQuery,
  pageRequest,
  Problems,
  PublicRead,
  readScopeOf,
} from '@riskpool/service-kit';
import { CreditRepository, EpisodeHistory } from '../persistence/credit.repository';

/** One default episode of a loan: how it ended (cure, write-off), its claim and its recoveries. */
export interface DefaultEpisodeView {
  readonly defaultId: string;
  readonly loanId: string;
  readonly bankId: string;
  /** `OPEN`, `CURED` or `WRITTEN_OFF`. */
  readonly status: EpisodeHistory['status'];
  readonly outstandingAtDefaultFen: string;
  readonly daysPastDue: number;
  readonly reachedMinDaysPastDueOn: string;
  readonly reportedOn: string;
  /** The day it was cured or written off. */
  readonly closedOn: string | null;
  /** docs/domain.md §8.5: when the bank declared recovery finished (AFTER_RECOVERY only). */
  readonly recoveryClosedOn: string | null;
  readonly policyVersionId: string;
  /** The claim it opened (null until pool-allocation has opened it) and its outcome seen here. */
  readonly claimId: string | null;
  readonly claimStatus: EpisodeHistory['claimStatus'];
  readonly recoveries: ReadonlyArray<{
    recoveryId: string;
    amountFen: string;
    costsFen: string;
    netFen: string;
    recoveredOn: string;
  }>;
}

/**
 * `GET /loans/{loanId}/defaults`: a loan's default history, oldest episode first (docs/domain.md
 * §4.3–§4.6). The bank that owns the loan and the regulator read it; a fund manager reads it when a
 * claim of the loan has a share of their fund. Anything else answers 404, like an unknown loan.
 */
@ApiTags('credit events')
@Controller()
export class DefaultHistoryHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CreditRepository,
  ) {}

  @PublicRead(
    'GET /loans/{loanId}/defaults',
    {
      operationId: 'listLoanDefaults',
      summary:
        'A loan’s default history: episodes, cures, recoveries, write-off, and each claim id',
      description:
        'Paged (`cursor`, `limit` 1..500, default 50). The bank that owns the loan and the regulator read it; a fund manager reads it when a claim of the loan has a share of their fund. Any other loan answers 404, like an unknown one.',
    },
    {
      description: 'A page of default episodes, oldest first',
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['defaultId', 'loanId', 'status', 'claimId', 'recoveries'],
              properties: {
                defaultId: { type: 'string' },
                loanId: { type: 'string' },
                bankId: { type: 'string' },
                status: { type: 'string', enum: ['OPEN', 'CURED', 'WRITTEN_OFF'] },
                outstandingAtDefaultFen: { type: 'string', pattern: '^(0|[1-9][0-9]{0,17})$' },
                daysPastDue: { type: 'integer' },
                reachedMinDaysPastDueOn: { type: 'string', format: 'date' },
                reportedOn: { type: 'string', format: 'date' },
                closedOn: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
                recoveryClosedOn: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
                policyVersionId: { type: 'string' },
                claimId: { anyOf: [{ type: 'string' }, { type: 'null' }] },
                claimStatus: { type: 'string', enum: ['NONE', 'APPROVED', 'DENIED'] },
                recoveries: { type: 'array', items: { type: 'object' } },
              },
            },
          },
          nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        },
        example: {
          items: [
            {
              defaultId: '0195f3b0-1d2e-7c4f-8a9b-0c1d2e3f4a5b',
              loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
              bankId: 'ZSBANK',
              status: 'OPEN',
              outstandingAtDefaultFen: '600000000',
              daysPastDue: 95,
              reachedMinDaysPastDueOn: '2026-02-20',
              reportedOn: '2026-03-01',
              closedOn: null,
              recoveryClosedOn: null,
              policyVersionId: 'P-2026-1',
              claimId: '0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f',
              claimStatus: 'NONE',
              recoveries: [],
            },
          ],
          nextCursor: null,
        },
      },
    },
  )
  async history(
    @Param('loanId') loanId: string,
    @Query() query: PageQuery,
    @CurrentIdentity() identity: Identity,
  ): Promise<Page<DefaultEpisodeView>> {
    const page = pageRequest(query);
    const manager = this.dataSource.manager;
    const loan = await this.repository.findLoan(manager, loanId, false);
    if (loan === undefined) throw Problems.notFound(`Loan ${loanId}`);
    const episodes = await this.repository.episodesOf(manager, loanId);
    // The loan's bank, the managers of the funds its claims have a share in, the regulator.
    const visible = inReadScope(readScopeOf(identity), {
      bankId: loan.bankId,
      fundIds: episodes.flatMap((e) => e.claimFundIds),
    });
    if (!visible) throw Problems.notFound(`Loan ${loanId}`);
    const recoveries = await this.repository.recoveriesOf(manager, loanId);
    const views = episodes.map((e): DefaultEpisodeView => ({
      defaultId: e.defaultId,
      loanId: e.loanId,
      bankId: e.bankId,
      status: e.status,
      outstandingAtDefaultFen: e.outstandingAtDefaultFen.toString(),
      daysPastDue: e.daysPastDue,
      reachedMinDaysPastDueOn: e.reachedMinDaysPastDueOn,
      reportedOn: e.reportedOn,
      closedOn: e.closedOn,
      recoveryClosedOn: e.recoveryClosedOn,
      policyVersionId: e.policyVersionId,
      claimId: e.claimId,
      claimStatus: e.claimStatus,
      recoveries: recoveries
        .filter((r) => r.defaultId === e.defaultId)
        .map((r) => ({
          recoveryId: r.recoveryId,
          amountFen: r.amountFen.toString(),
          costsFen: r.costsFen.toString(),
          netFen: r.netFen.toString(),
          recoveredOn: r.recoveredOn,
        })),
    }));
    return pageOfList(views, page, (v) => v.defaultId);
  }
}
