import { Controller, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Identity } from '@riskpool/contracts';
import {
  checkpointToJson,
  exportCheckpointRecord,
  exportKeyRotationRecord,
  keyRotationToJson,
  exportHeaderRecord,
  exportLine,
} from '@riskpool/ledger-core';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  ApiRefusals,
  CurrentIdentity,
  PageKeys,
  PageQuery,
  Problems,
  PublicList,
  PublicRead,
  PublicRoute,
  readPage,
} from '@riskpool/service-kit';
import { LedgerWriter } from '../journal/ledger-writer';
import { countersJson, LedgerQueries } from './ledger-queries';
import {
  BalancesView,
  ConsistencyProofView,
  InclusionProofView,
  LedgerCheckpointView,
  LedgerEntryView,
  LedgerPublicKeyView,
} from './ledger-views';
import { scopeOf } from './scope';

const SEQ = /^(0|[1-9][0-9]{0,17})$/;

export function parseSeq(value: string | undefined, field: string, fallback?: bigint): bigint {
  if (value === undefined || value === '') {
    if (fallback !== undefined) return fallback;
    throw Problems.invalid([{ field, code: 'REQUIRED', message: `${field} is required` }]);
  }
  if (!SEQ.test(value))
    throw Problems.invalid([
      { field, code: 'INVALID', message: `${field} must be a non-negative integer` },
    ]);
  return BigInt(value);
}

export function parseTime(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = new Date(value);
  // Years JavaScript dates allow and PostgreSQL refuses (0, -271821) would be a 500.
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999)
    throw Problems.invalid([
      { field, code: 'INVALID', message: `${field} must be an ISO 8601 time` },
    ]);
  return date.toISOString();
}

/** `GET /ledger/entries`: the paging contract plus filters on account, loan, claim, time, seq. */
export class EntriesQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 200, description: 'Only entries posting to this account' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  account?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'Only entries of this loan' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  loan?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'Only entries of this claim' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  claim?: string;

  /** ISO 8601 time: entries whose event happened at or after it. */
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only entries whose event happened at or after this ISO 8601 time',
  })
  @IsOptional()
  @IsString()
  from?: string;

  /** ISO 8601 time: entries whose event happened before it. */
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only entries whose event happened before this ISO 8601 time',
  })
  @IsOptional()
  @IsString()
  to?: string;

  /**
   * Entries from this seq on (a filter, not a cursor): to open one entry, or to go on reading
   * after the last entry seen once the last page was reached.
   */
  @ApiPropertyOptional({
    pattern: PageKeys.seq.source,
    description:
      'A filter, not a cursor: entries from this seq on (to open one entry, or to go on reading after the last page).',
  })
  @IsOptional()
  @Matches(PageKeys.seq, { message: 'fromSeq must be a positive integer' })
  fromSeq?: string;
}

/** `GET /ledger/entries/{seq}/proof`: against which checkpoint (the latest by default). */
export class ProofQuery {
  @ApiPropertyOptional({
    pattern: SEQ.source,
    description: 'The tree size of a checkpoint (default: the latest)',
  })
  @IsOptional()
  @IsString()
  treeSize?: string;
}

/** `GET /ledger/checkpoints/consistency`: two checkpointed tree sizes. */
export class ConsistencyQuery {
  @ApiPropertyOptional({ pattern: SEQ.source, description: 'The older tree size (required)' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({
    pattern: SEQ.source,
    description: 'The newer tree size (default: the latest checkpoint)',
  })
  @IsOptional()
  @IsString()
  to?: string;
}

/** `GET /ledger/balances`: now, or as of an entry or a time. */
export class BalancesQuery {
  @ApiPropertyOptional({
    description: 'An entry seq, or an ISO 8601 time (the last entry recorded by then)',
    example: '1024',
  })
  @IsOptional()
  @IsString()
  asOf?: string;
}

/** The regulator's read API over the journal (README "Routes"). Read-only. */
@ApiTags('ledger')
@Controller()
export class LedgerHttpController {
  constructor(
    @Inject(LedgerQueries) private readonly queries: LedgerQueries,
    @Inject(LedgerWriter) private readonly writer: LedgerWriter,
  ) {}

  @PublicList(
    'GET /ledger/entries',
    {
      operationId: 'listLedgerEntries',
      summary:
        'Journal entries in seq order (a bank or fund manager sees the entries it is party to)',
      description:
        'Paged (`cursor`, `limit` 1..500, default 50); `fromSeq` opens the journal at an entry.',
    },
    LedgerEntryView,
    'A page of entries',
  )
  async entries(@CurrentIdentity() identity: Identity, @Query() query: EntriesQuery) {
    const scope = scopeOf(identity);
    return readPage(
      query,
      PageKeys.seq,
      ({ after, rows }) => {
        const fromTime = parseTime(query.from, 'from');
        const toTime = parseTime(query.to, 'to');
        const beforeFrom = query.fromSeq === undefined ? 0n : BigInt(query.fromSeq) - 1n;
        const afterCursor = BigInt(after ?? '0');
        return this.queries.entries(
          {
            ...(query.account ? { account: query.account } : {}),
            ...(query.loan ? { loanId: query.loan } : {}),
            ...(query.claim ? { claimId: query.claim } : {}),
            ...(fromTime ? { from: fromTime } : {}),
            ...(toTime ? { to: toTime } : {}),
            afterSeq: afterCursor > beforeFrom ? afterCursor : beforeFrom,
            limit: rows,
          },
          scope,
        );
      },
      (e) => e.seq,
    );
  }

  @PublicRoute('GET /ledger/entries/{seq}/proof')
  @ApiOperation({
    operationId: 'getInclusionProof',
    summary: 'RFC 6962 inclusion proof of an entry against a signed checkpoint',
    description:
      'An entry after the checkpoint, or a tree size no checkpoint has, is 422; an entry outside the caller’s scope is 404.',
  })
  @ApiOkResponse({ type: InclusionProofView, description: 'The proof and its checkpoint' })
  @ApiRefusals(422)
  async proof(
    @CurrentIdentity() identity: Identity,
    @Param('seq') seqText: string,
    @Query() query: ProofQuery,
  ): Promise<InclusionProofView> {
    const treeSizeText = query.treeSize;
    const seq = parseSeq(seqText, 'seq');
    const state = this.writer.ledgerState;
    if (seq < 1n || seq > state.size || !(await this.queries.entryVisible(seq, scopeOf(identity))))
      throw Problems.notFound(`entry ${seqText}`);
    const latest = this.writer.latestCheckpoint;
    const treeSize = parseSeq(treeSizeText, 'treeSize', latest?.treeSize ?? 0n);
    const checkpoint = await this.queries.checkpointAt(treeSize);
    if (checkpoint === undefined)
      throw Problems.unprocessable(
        'LEDGER.NO_CHECKPOINT',
        `no checkpoint has tree size ${treeSize}`,
      );
    if (seq > treeSize)
      throw Problems.unprocessable(
        'LEDGER.NOT_YET_CHECKPOINTED',
        `entry ${seq} is after checkpoint ${treeSize}; ask again after the next checkpoint`,
      );
    return {
      seq: seq.toString(),
      leafIndex: (seq - 1n).toString(),
      treeSize: treeSize.toString(),
      leafHash: state.leafHash(seq).toString('hex'),
      auditPath: state.inclusionProof(seq, treeSize).map((h) => h.toString('hex')),
      rootHash: state.rootAt(treeSize).toString('hex'),
      checkpoint: checkpointToJson(checkpoint),
    };
  }

  @PublicList(
    'GET /ledger/checkpoints',
    {
      operationId: 'listCheckpoints',
      summary: 'Signed checkpoints (tree size, root, chain hash, key, signature), oldest first',
    },
    LedgerCheckpointView,
    'A page of checkpoints',
  )
  async checkpoints(@Query() query: PageQuery) {
    return readPage(
      query,
      PageKeys.seq,
      ({ after, rows }) => this.queries.checkpoints(BigInt(after ?? '0'), rows),
      (c) => c.treeSize.toString(),
      (rows) => rows.map(checkpointToJson),
    );
  }

  @PublicRoute('GET /ledger/checkpoints/consistency')
  @ApiOperation({
    operationId: 'getConsistencyProof',
    summary: 'RFC 6962 consistency proof between two checkpointed tree sizes',
  })
  @ApiOkResponse({ type: ConsistencyProofView, description: 'The two checkpoints and the proof' })
  @ApiRefusals(422)
  async consistency(@Query() query: ConsistencyQuery): Promise<ConsistencyProofView> {
    const from = parseSeq(query.from, 'from');
    const to = parseSeq(query.to, 'to', this.writer.latestCheckpoint?.treeSize ?? 0n);
    const [a, b] = await Promise.all([
      this.queries.checkpointAt(from),
      this.queries.checkpointAt(to),
    ]);
    if (a === undefined || b === undefined || from > to)
      throw Problems.unprocessable(
        'LEDGER.NO_CHECKPOINT',
        'from and to must be tree sizes of checkpoints, from <= to',
      );
    return {
      from: checkpointToJson(a),
      to: checkpointToJson(b),
      proof: this.writer.ledgerState.consistencyProof(from, to).map((h) => h.toString('hex')),
    };
  }

  @PublicRead(
    'GET /ledger/balances',
    {
      operationId: 'getBalances',
      summary: 'Account balances in the caller’s scope, now or as of an entry or a time',
    },
    { type: BalancesView, description: 'The balances' },
  )
  async balances(
    @CurrentIdentity() identity: Identity,
    @Query() query: BalancesQuery,
  ): Promise<BalancesView> {
    const asOf = query.asOf;
    const scope = scopeOf(identity);
    let asOfSeq: bigint | undefined;
    if (asOf !== undefined && asOf !== '') {
      asOfSeq = SEQ.test(asOf)
        ? BigInt(asOf)
        : await this.queries.seqAt(parseTime(asOf, 'asOf') as string);
    }
    const balances = await this.queries.balances(scope, asOfSeq);
    return {
      asOfSeq: (asOfSeq ?? this.writer.ledgerState.size).toString(),
      accounts: [...balances.entries()].map(([account, c]) => ({ account, ...countersJson(c) })),
    };
  }

  @PublicRead(
    'GET /ledger/public-key',
    {
      operationId: 'getLedgerPublicKey',
      summary: 'The Ed25519 key that signs checkpoints, every key that signed, and the rotations',
    },
    { type: LedgerPublicKeyView, description: 'The keys' },
  )
  async publicKey(): Promise<LedgerPublicKeyView> {
    return {
      algorithm: 'Ed25519',
      keyId: this.writer.keyId,
      publicKeyPem: this.writer.publicKeyPem,
      // Every key that signed, and the rotations between them (each signed by the key it
      // retires): a reader who pinned an older key follows them from there.
      keys: await this.writer.publicKeys(),
      rotations: (await this.writer.keyRotations()).map(keyRotationToJson),
    };
  }

  /** JSON lines in the libs/ledger-core export format, streamed page by page. */
  @PublicRead(
    'GET /ledger/export',
    {
      operationId: 'exportLedger',
      summary:
        'The whole ledger as JSON lines (header, policies, subsidy and claim records, checkpoints, entries with their canonical bytes), for `verify`',
    },
    {
      description: 'JSON lines, streamed (UTF-8)',
      content: {
        'application/x-ndjson': {
          schema: { type: 'string', description: 'One JSON record a line' },
          example: exportLine(exportHeaderRecord('2026-03-01T08:00:00.000Z')),
        },
      },
    },
  )
  async export(@Res() res: Response): Promise<void> {
    try {
      await this.streamExport(res);
    } catch (error) {
      // Headers are gone: cut the stream so the reader sees a truncated export, never a clean one.
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async streamExport(res: Response): Promise<void> {
    const state = this.writer.ledgerState;
    const maxSeq = state.size;
    const checkpoints = await this.queries.checkpoints(0n, 1_000_000, maxSeq);
    const rotations = await this.writer.keyRotations();
    res.status(200).setHeader('content-type', 'application/x-ndjson; charset=utf-8');
    const write = async (text: string) => {
      if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
    };
    await write(exportLine(exportHeaderRecord(new Date().toISOString())));
    // The published policy versions, which verify needs to recompute compensation entries.
    for (const policy of await this.queries.policyRecords())
      await write(`${JSON.stringify(policy)}\n`);
    // The interest reports and approved rounds, to recompute every subsidy grant.
    for (const record of await this.queries.subsidyRecords())
      await write(`${JSON.stringify(record)}\n`);
    // The approved claims' figures, to recompute every compensation entry with its caps,
    // co-sharers and net-loss parts.
    for (const record of await this.queries.claimRecords())
      await write(`${JSON.stringify(record)}\n`);
    let cpIndex = 0;
    let previous = 0n;
    const emitCheckpointsUpTo = async (seq: bigint) => {
      for (;;) {
        const cp = checkpoints[cpIndex];
        if (cp === undefined || cp.treeSize > seq) return;
        const proof = state.consistencyProof(previous, cp.treeSize);
        await write(exportLine(exportCheckpointRecord(cp, proof)));
        // A rotation follows the retiring key's checkpoint of its size.
        for (const rotation of rotations.filter((r) => r.treeSize === cp.treeSize))
          await write(exportLine(exportKeyRotationRecord(rotation)));
        previous = cp.treeSize;
        cpIndex++;
      }
    };
    await emitCheckpointsUpTo(0n);
    let after = 0n;
    for (;;) {
      const page = await this.queries.entries(
        { afterSeq: after, limit: 5000, maxSeq },
        { kind: 'all' },
      );
      if (page.length === 0) break;
      let text = '';
      for (const e of page) {
        const { recordedAt: _recordedAt, ...fields } = e;
        text += `${JSON.stringify({ type: 'entry', ...fields })}\n`;
        const seq = BigInt(e.seq);
        if (checkpoints[cpIndex]?.treeSize === seq) {
          await write(text);
          text = '';
          await emitCheckpointsUpTo(seq);
        }
      }
      await write(text);
      after = BigInt(page[page.length - 1]?.seq ?? '0');
    }
    res.end();
  }
}
