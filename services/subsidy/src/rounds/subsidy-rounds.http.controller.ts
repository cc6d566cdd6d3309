import { Body, Controller, Param, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import { SUBSIDY_CITY_FUND_ID } from '@riskpool/domain';
import {
  ApiDate,
  CurrentIdentity,
  currentUnitOfWork,
  invalidCursor,
  IsBusinessDate,
  Page,
  PageKeys,
  pageOf,
  PageQuery,
  pageRequest,
  Problems,
  PublicList,
  PublicRead,
  PublicWrite,
  readPage,
  readScopeOf,
} from '@riskpool/service-kit';
import { StoredRound, SubsidyRepository } from '../persistence/subsidy.repository';
import { SubsidyContext, subsidyContext } from '../subsidy-context';
import { SubsidyGrantView, SubsidyRoundView } from './subsidy-round-view';
import { grantOf, SubsidyRoundsHandler } from './subsidy-rounds.handler';

export class OpenRoundDto {
  /** The round takes reports whose period's last day is in [from, to). */
  @ApiDate({
    example: '2026-01-01',
    description: "The round takes the reports whose period's last day is in [from, to)",
  })
  @IsBusinessDate()
  from!: string;

  @ApiDate({ example: '2026-04-02', description: 'After from; ranges of rounds never overlap' })
  @IsBusinessDate()
  to!: string;
}

/** Closing takes no fields: the reports and the money as they stand. */
export class CloseRoundDto {
  /** Optional: why now (recorded in the round's history). */
  @ApiPropertyOptional({
    maxLength: 500,
    example: 'quarter closed',
    description: "Why now (in the round's history)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ListRoundsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['OPEN', 'CLOSED', 'APPROVED'], description: 'Only this status' })
  @IsOptional()
  @IsIn(['OPEN', 'CLOSED', 'APPROVED'], { message: 'status must be OPEN|CLOSED|APPROVED' })
  status?: StoredRound['status'];
}

export class ListGrantsQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 128, description: 'Only the grants of this round' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  roundId?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'Only the grants of this loan' })
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
  @ApiProperty({ enum: ['APPROVE', 'RETURN'], example: 'RETURN' })
  @IsIn(['APPROVE', 'RETURN'])
  decision!: 'APPROVE' | 'RETURN';

  /** Defaults to the caller's own fund; naming another fund is refused. */
  @ApiPropertyOptional({
    maxLength: 48,
    description: "Defaults to the caller's own fund; naming another fund is refused (403)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(48)
  fundId?: string;

  /** Required with RETURN. */
  @ApiPropertyOptional({
    maxLength: 500,
    example: 'payee name to check',
    description: 'Required with RETURN',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** Which fund lines of a round the caller sees: all, its own, or none. */
function fundFilter(identity: Identity): (fundId: string) => boolean {
  if (identity.role === 'regulator' || identity.role === 'admin') return () => true;
  if (identity.role === 'fund-manager')
    return identity.scope === SUBSIDY_CITY_FUND_ID ? () => true : (f) => f === identity.scope;
  return () => false;
}

@ApiTags('interest subsidy')
@Controller()
export class SubsidyRoundsHttpController {
  constructor(
    private readonly handler: SubsidyRoundsHandler,
    private readonly repository: SubsidyRepository,
    private readonly dataSource: DataSource,
  ) {}

  @PublicWrite(
    'POST /subsidy/rounds',
    {
      operationId: 'openSubsidyRound',
      summary: 'Open a round (the manager of SUBSIDY:CITY); the ranges of rounds never overlap',
    },
    { created: { type: SubsidyRoundView, description: 'The round, OPEN' } },
  )
  async open(
    @Body() body: OpenRoundDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<SubsidyRoundView> {
    return this.roundAfter(identity, (ctx) => this.handler.open(ctx, body));
  }

  @PublicWrite(
    'POST /subsidy/rounds/{roundId}/close',
    {
      operationId: 'closeSubsidyRound',
      summary:
        'Close a round: hold its grants in full, or pro rata where a fund is short (the manager of SUBSIDY:CITY)',
      description: 'Takes the reports and the money as they stand; a round not OPEN is 409.',
    },
    { ok: { type: SubsidyRoundView, description: 'The round, CLOSED' } },
  )
  async close(
    @Param('roundId') roundId: string,
    @Body() body: CloseRoundDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<SubsidyRoundView> {
    return this.roundAfter(identity, (ctx) => this.handler.close(ctx, roundId, body.note));
  }

  @PublicWrite(
    'POST /subsidy/rounds/{roundId}/decisions',
    {
      operationId: 'decideSubsidyRound',
      summary: "Approve, or return with a reason, the round's grants of the manager's own fund",
      description:
        'The round is APPROVED once every fund with grants approved; a RETURN releases the holds and opens the round again. A round not CLOSED is 409.',
    },
    { ok: { type: SubsidyRoundView, description: 'The round after the decision' } },
  )
  async decide(
    @Param('roundId') roundId: string,
    @Body() body: RoundDecisionDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<SubsidyRoundView> {
    return this.roundAfter(identity, (ctx) => this.handler.decide(ctx, roundId, body));
  }

  @PublicList(
    'GET /subsidy/rounds',
    {
      operationId: 'listSubsidyRounds',
      summary: 'Rounds, oldest first (a town fund’s manager sees its own fund line, a bank none)',
    },
    SubsidyRoundView,
    'A page of rounds',
  )
  async list(
    @CurrentIdentity() identity: Identity,
    @Query() query: ListRoundsQuery,
  ): Promise<Page<SubsidyRoundView>> {
    const m = this.dataSource.manager;
    return readPage(
      query,
      PageKeys.seq,
      ({ after, rows }) =>
        this.repository.listRounds(m, {
          afterNo: Number(after ?? 0),
          limit: rows,
          ...(query.status !== undefined ? { status: query.status } : {}),
        }),
      (r: StoredRound) => String(r.roundNo),
      async (rounds) => {
        const views: SubsidyRoundView[] = [];
        for (const round of rounds) views.push(await this.view(m, round, identity, false));
        return views;
      },
    );
  }

  @PublicRead(
    'GET /subsidy/rounds/{roundId}',
    {
      operationId: 'getSubsidyRound',
      summary: 'A round: requested, granted and lapsed per fund, the decisions and the history',
    },
    { type: SubsidyRoundView, description: 'The round' },
  )
  async get(
    @Param('roundId') roundId: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<SubsidyRoundView> {
    const m = this.dataSource.manager;
    const round = await this.repository.findRound(m, roundId);
    if (round === undefined) throw Problems.notFound(`Round ${roundId}`);
    return this.view(m, round, identity);
  }

  /** Grants (held, then paid) of closed rounds, one line per report and fund, scoped like reports. */
  @PublicList(
    'GET /subsidy/grants',
    {
      operationId: 'listSubsidyGrants',
      summary: "Grants of closed rounds (a bank its loans', a manager its fund's)",
    },
    SubsidyGrantView,
    'A page of grants',
  )
  async grants(
    @CurrentIdentity() identity: Identity,
    @Query() query: ListGrantsQuery,
  ): Promise<Page<SubsidyGrantView>> {
    const page = pageRequest(query, PageKeys.id);
    const after = page.after === undefined ? undefined : grantKeyOf(page.after);
    const lines = await this.repository.listGrants(this.dataSource.manager, {
      ...readScopeOf(identity),
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

  /** A write on a round, in the request's transaction, answered with the round after it. */
  private async roundAfter(
    identity: Identity,
    write: (ctx: SubsidyContext) => Promise<StoredRound>,
  ): Promise<SubsidyRoundView> {
    const uow = currentUnitOfWork();
    return this.view(uow.manager, await write(subsidyContext(uow, identity)), identity);
  }

  private async view(
    m: EntityManager,
    round: StoredRound,
    identity: Identity,
    withHistory = true,
  ): Promise<SubsidyRoundView> {
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
