import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { IsIn, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import { isBusinessDate, SUBSIDY_CITY_FUND_ID } from '@riskpool/domain';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  invalidCursor,
  Problems,
  PageKeys,
  pageOf,
  PageQuery,
  pageRequest,
  PublicRoute,
} from '@riskpool/service-kit';
import { StoredRound, SubsidyRepository } from '../persistence/subsidy.repository';
import { readScope } from '../reports/interest-reports.http.controller';
import { subsidyContext } from '../subsidy-context';
import { grantOf, SubsidyRoundsHandler } from './subsidy-rounds.handler';

function IsBusinessDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isBusinessDate',
    validator: {
      validate: (value: unknown) => isBusinessDate(value),
      defaultMessage: () => '$property must be a calendar date YYYY-MM-DD',
    },
  });
}

export class OpenRoundDto {
  /** The round takes reports whose period's last day is in [from, to). */
  @IsBusinessDate()
  from!: string;

  @IsBusinessDate()
  to!: string;
}

/** Closing takes no fields: the reports and the money as they stand. */
export class CloseRoundDto {
  /** Optional: why now (recorded in the round's history). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ListRoundsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['OPEN', 'CLOSED', 'APPROVED'], { message: 'status must be OPEN|CLOSED|APPROVED' })
  status?: StoredRound['status'];
}

export class ListGrantsQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  roundId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  loanId?: string;
}

/** A grant line's order key `<reportNo>/<fundId>`; anything else was not issued here (400). */
function grantKeyOf(key: string): { reportNo: number; fundId: string } {
  const match = /^([1-9][0-9]{0,14})\/(SUBSIDY:[A-Z0-9_:]{1,48})$/.exec(key);
  if (match === null) throw invalidCursor();
  return { reportNo: Number(match[1]), fundId: match[2] as string };
}

export class RoundDecisionDto {
  @IsIn(['APPROVE', 'RETURN'])
  decision!: 'APPROVE' | 'RETURN';

  /** Defaults to the caller's own fund; naming another fund is refused. */
  @IsOptional()
  @IsString()
  @MaxLength(48)
  fundId?: string;

  /** Required with RETURN. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export interface RoundView {
  readonly roundId: string;
  readonly from: string;
  readonly to: string;
  readonly status: StoredRound['status'];
  readonly closing: number;
  readonly openedBy: string;
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly approvedOn: string | null;
  /** Per fund (a town manager sees its own fund's line; banks none). */
  readonly funds: ReadonlyArray<{
    fundId: string;
    availableFen: string;
    requestedFen: string;
    grantedFen: string;
    lapsedFen: string;
    proRata: boolean;
    decision: 'APPROVE' | null;
    decidedBy: string | null;
    decidedOn: string | null;
  }>;
  readonly history?: ReadonlyArray<{
    step: string;
    fundId: string | null;
    reason: string | null;
    actor: string;
    businessDate: string;
  }>;
}

/** Which fund lines of a round the caller sees: all, its own, or none. */
function fundFilter(identity: Identity): (fundId: string) => boolean {
  if (identity.role === 'regulator' || identity.role === 'admin') return () => true;
  if (identity.role === 'fund-manager')
    return identity.scope === SUBSIDY_CITY_FUND_ID ? () => true : (f) => f === identity.scope;
  return () => false;
}

@Controller('subsidy')
export class SubsidyRoundsHttpController {
  constructor(
    private readonly handler: SubsidyRoundsHandler,
    private readonly repository: SubsidyRepository,
    private readonly dataSource: DataSource,
  ) {}

  @Post('rounds')
  @PublicRoute('POST /subsidy/rounds')
  @IdempotentWrite()
  async open(
    @Body() body: OpenRoundDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RoundView> {
    const uow = currentUnitOfWork();
    const round = await this.handler.open(subsidyContext(uow, identity), body);
    return this.view(uow.manager, round, identity);
  }

  @Post('rounds/:roundId/close')
  @HttpCode(200)
  @PublicRoute('POST /subsidy/rounds/{roundId}/close')
  @IdempotentWrite()
  async close(
    @Param('roundId') roundId: string,
    @Body() body: CloseRoundDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RoundView> {
    const uow = currentUnitOfWork();
    const round = await this.handler.close(subsidyContext(uow, identity), roundId, body.note);
    return this.view(uow.manager, round, identity);
  }

  @Post('rounds/:roundId/decisions')
  @HttpCode(200)
  @PublicRoute('POST /subsidy/rounds/{roundId}/decisions')
  @IdempotentWrite()
  async decide(
    @Param('roundId') roundId: string,
    @Body() body: RoundDecisionDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RoundView> {
    const uow = currentUnitOfWork();
    const round = await this.handler.decide(subsidyContext(uow, identity), roundId, body);
    return this.view(uow.manager, round, identity);
  }

  @Get('rounds')
  @PublicRoute('GET /subsidy/rounds')
  async list(
    @CurrentIdentity() identity: Identity,
    @Query() query: ListRoundsQuery,
  ): Promise<{ items: readonly RoundView[]; nextCursor: string | null }> {
    const page = pageRequest(query, PageKeys.seq);
    const m = this.dataSource.manager;
    const rounds = await this.repository.listRounds(m, {
      afterNo: Number(page.after ?? 0),
      limit: page.limit + 1,
      ...(query.status !== undefined ? { status: query.status } : {}),
    });
    const views = new Map<string, RoundView>();
    for (const round of rounds.slice(0, page.limit))
      views.set(round.roundId, await this.view(m, round, identity, false));
    return pageOf(
      rounds,
      page,
      (r: StoredRound) => views.get(r.roundId) as RoundView,
      (r: StoredRound) => String(r.roundNo),
    );
  }

  @Get('rounds/:roundId')
  @PublicRoute('GET /subsidy/rounds/{roundId}')
  async get(
    @Param('roundId') roundId: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<RoundView> {
    const m = this.dataSource.manager;
    const round = await this.repository.findRound(m, roundId);
    if (round === undefined) throw Problems.notFound(`Round ${roundId}`);
    return this.view(m, round, identity);
  }

  /** Grants (held, then paid) of closed rounds, one line per report and fund, scoped like reports. */
  @Get('grants')
  @PublicRoute('GET /subsidy/grants')
  async grants(
    @CurrentIdentity() identity: Identity,
    @Query() query: ListGrantsQuery,
  ): Promise<{ items: ReadonlyArray<ReturnType<typeof grantOf>>; nextCursor: string | null }> {
    const page = pageRequest(query, PageKeys.id);
    const after = page.after === undefined ? undefined : grantKeyOf(page.after);
    const lines = await this.repository.listGrants(this.dataSource.manager, {
      ...readScope(identity),
      ...(query.roundId !== undefined ? { roundId: query.roundId } : {}),
      ...(query.loanId !== undefined ? { loanId: query.loanId } : {}),
      ...(after !== undefined ? { after } : {}),
      limit: page.limit + 1,
    });
    return pageOf(
      lines,
      page,
      ({ report, share }) => ({ ...grantOf(report, share), roundId: report.roundId ?? '' }),
      ({ report, share }) => `${report.reportNo}/${share.fundId}`,
    );
  }

  private async view(
    m: EntityManager,
    round: StoredRound,
    identity: Identity,
    withHistory = true,
  ): Promise<RoundView> {
    const visible = fundFilter(identity);
    const funds = (await this.repository.roundFunds(m, round.roundId)).filter((f) =>
      visible(f.fundId),
    );
    return {
      roundId: round.roundId,
      from: round.from,
      to: round.to,
      status: round.status,
      closing: round.closing,
      openedBy: round.openedBy,
      openedOn: round.openedOn,
      closedOn: round.closedOn,
      approvedOn: round.approvedOn,
      funds: funds.map((f) => ({
        fundId: f.fundId,
        availableFen: f.availableFen.toString(),
        requestedFen: f.requestedFen.toString(),
        grantedFen: f.grantedFen.toString(),
        lapsedFen: f.lapsedFen.toString(),
        proRata: f.proRata,
        decision: f.decision,
        decidedBy: f.decidedBy,
        decidedOn: f.decidedOn,
      })),
      ...(withHistory && identity.role !== 'bank'
        ? { history: await this.repository.history(m, round.roundId) }
        : {}),
    };
  }
}
