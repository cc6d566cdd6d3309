import { readFileSync, writeFileSync } from 'node:fs';
import { Topics, policyDocumentOf } from '@riskpool/contracts';
import { type PolicyVersion, defaultPolicy } from '@riskpool/domain';
import {
  type LedgerEvent,
  createCheckpointSigner,
  generateSigningKeyPair,
  verifyExportLines,
} from '@riskpool/ledger-core';
import { HoldBook, planEvent } from '../journal/posting-rules';
import { POLICY_RECORD_TYPE } from './compensation-check';
import { SUBSIDY_REPORT_RECORD_TYPE, SUBSIDY_ROUND_RECORD_TYPE } from './subsidy-check';
import {
  type InterestReported,
  type RoundApproved,
  approvedRound as buildRound,
  interestReport,
} from './subsidy-fixtures';
import { verifyExportFile } from './verify';
import { writeSignedExport } from '../../test/signed-export';

const T = '2026-06-01T08:00:00.000Z';
const keys = generateSigningKeyPair();
const signer = createCheckpointSigner(keys.privateKeyPem);
const policy = defaultPolicy('P1', '2025-01-01');

function policyRecord(version: PolicyVersion = policy): Record<string, unknown> {
  return {
    type: POLICY_RECORD_TYPE,
    policy: policyDocumentOf(version),
    publishedAt: T,
  };
}

type Report = InterestReported;
type Approved = RoundApproved;

const reportsUnder = (policy: PolicyVersion): Report[] => [
  interestReport(
    {
      reportId: 'R1',
      loanId: 'L1',
      uscc: '91350100M000100Y43',
      flags: ['IP_PLEDGE'],
      annualRateBp: 600,
      reportedAt: '2026-04-02T01:00:00.000Z',
    },
    policy,
  ),
  interestReport(
    {
      reportId: 'R2',
      loanId: 'L2',
      uscc: '91440000MA4UU1WX5K',
      flags: [],
      annualRateBp: 400,
      reportedAt: '2026-04-02T02:00:00.000Z',
    },
    policy,
  ),
];
const reports = reportsUnder(policy);
// The town fund is short (2,000,000 fen for two requests): cut pro rata; the city fund is not.
const available = new Map([
  ['SUBSIDY:CITY', 100_000_000n],
  ['SUBSIDY:TOWN:XIAOLAN', 2_000_000n],
]);
const approvedRound = (): Approved => buildRound('RD1', reports, available);

/** The events as the ledger books them (its posting rules). */
function ledgerEvent(eventId: string, eventType: string, data: unknown): LedgerEvent {
  const plan = planEvent(
    { eventId, eventType, time: T, subject: 's', data },
    { holds: new HoldBook().stage(), claim: () => undefined },
  );
  if (plan.kind !== 'entries') throw new Error(`no entries for ${eventType}`);
  return { eventId, eventType, occurredAt: T, entries: plan.entries };
}

const deposit = (fundId: string, fen: bigint, id: string) =>
  ledgerEvent(id, Topics.subsidyFundDeposited, {
    depositId: id,
    fundId,
    amountFen: fen.toString(),
    depositedBy: 'm',
    depositedAt: T,
    availableAfterFen: fen.toString(),
  });

/**
 * An export of these events written honestly by a LedgerState, hashed, chained and signed with
 * the real key (the checkpoint after `signedUpTo` events; the rest unsigned).
 */
function exportFile(
  round: Approved,
  signedUpTo = 3,
  version: { policy: Record<string, unknown>; reports: Report[] } = {
    policy: policyRecord(),
    reports,
  },
): string {
  const events = [
    deposit('SUBSIDY:CITY', 100_000_000n, 'd1'),
    // 100 fen more than the round saw (a deposit after its closing): room for a tampered grant.
    deposit('SUBSIDY:TOWN:XIAOLAN', 2_000_100n, 'd2'),
    ledgerEvent('approved-1', Topics.subsidyRoundApproved, round),
  ];
  return writeSignedExport('ledger-subsidy-', {
    time: T,
    signer,
    records: [
      version.policy,
      ...version.reports.map((r) => ({ type: SUBSIDY_REPORT_RECORD_TYPE, report: r })),
      { type: SUBSIDY_ROUND_RECORD_TYPE, eventId: 'approved-1', round },
    ],
    signed: events.slice(0, signedUpTo),
    unsigned: events.slice(signedUpTo),
  });
}

/** The round with one town grant's amounts moved (granted + moved, lapsed − moved), consistently. */
function tamperedRound(moved: bigint): { round: Approved; reportId: string } {
  const round = approvedRound();
  const index = round.grants.findIndex(
    (g) => g.fundId === 'SUBSIDY:TOWN:XIAOLAN' && BigInt(g.lapsedFen) >= moved,
  );
  const g = round.grants[index] as Approved['grants'][number];
  const grants = [...round.grants];
  grants[index] = {
    ...g,
    grantedFen: (BigInt(g.grantedFen) + moved).toString(),
    lapsedFen: (BigInt(g.lapsedFen) - moved).toString(),
  };
  // The entries say so; the round record keeps what the subsidy service computed.
  return { round: { ...round, grants }, reportId: g.reportId };
}

describe('verify recomputes every interest subsidy grant from its policy version and round', () => {
  it('passes grants and lapses as libs/domain computes them, the town fund cut pro rata', async () => {
    const round = approvedRound();
    expect(round.funds.find((f) => f.fundId === 'SUBSIDY:TOWN:XIAOLAN')?.proRata).toBe(true);
    const report = await verifyExportFile(exportFile(round), keys.publicKeyPem);
    expect(report.result).toMatchObject({ entries: 2 + round.grants.length });
    expect(report.ok).toBe(true);
  });

  it('recomputes with the §9 parameters the policy record carries; older records mean the defaults', async () => {
    const own: PolicyVersion = {
      ...policy,
      subsidyShareBp: 4_000,
      subsidyBonusBp: { IP_PLEDGE: 1_000 },
      subsidyRateCapBp: 500,
    };
    const ownReports = reportsUnder(own);
    expect(ownReports.map((r) => r.shareBp)).toEqual([5_000, 4_000]);
    const round = buildRound('RD1', ownReports, available);
    const file = exportFile(round, 3, { policy: policyRecord(own), reports: ownReports });
    expect((await verifyExportFile(file, keys.publicKeyPem)).ok).toBe(true);
    // The same export with the record as it was before §9 was on the wire: the defaults
    // give other shares, so the grants no longer recompute.
    const before = exportFile(round, 3, { policy: policyRecord(policy), reports: ownReports });
    const verdict = await verifyExportFile(before, keys.publicKeyPem);
    expect(verdict.ok).toBe(false);
    expect(verdict.result).toMatchObject({ check: 'subsidy-recomputed-from-policy' });
  });

  it('names the grant entry whose amount was altered, re-hashed and re-signed with the real key', async () => {
    const honest = approvedRound();
    const { round, reportId } = tamperedRound(100n);
    const file = exportFile(round);
    // Swap the round record back to the honest one: the entries alone carry the tampering.
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes(`"type":"${SUBSIDY_ROUND_RECORD_TYPE}"`));
    lines[at] = JSON.stringify({
      type: SUBSIDY_ROUND_RECORD_TYPE,
      eventId: 'approved-1',
      round: honest,
    });
    writeFileSync(file, lines.join('\n'));
    // Signature, chain, roots and double entry all pass…
    const plain = await verifyExportLines(lines, keys.publicKeyPem, {
      extensionRecords: {
        [POLICY_RECORD_TYPE]: () => undefined,
        [SUBSIDY_REPORT_RECORD_TYPE]: () => undefined,
        [SUBSIDY_ROUND_RECORD_TYPE]: () => undefined,
      },
    });
    expect(plain.ok).toBe(true);
    // …the recomputation fails at the altered grant's entry and names it.
    const verdict = await verifyExportFile(file, keys.publicKeyPem);
    expect(verdict.ok).toBe(false);
    const badIndex = honest.grants.findIndex(
      (g) => g.reportId === reportId && g.fundId === 'SUBSIDY:TOWN:XIAOLAN',
    );
    expect(verdict.result).toMatchObject({
      firstBadSeq: String(3 + badIndex),
      reason: 'EXTENSION_CHECK_FAILED',
      check: 'subsidy-recomputed-from-policy',
    });
    expect(String(verdict.result['message'])).toContain(`grant of report ${reportId}`);
  });

  it('catches an altered grant among entries no checkpoint signs yet', async () => {
    const { round } = tamperedRound(1n);
    const file = exportFile(round, 2);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes(`"type":"${SUBSIDY_ROUND_RECORD_TYPE}"`));
    lines[at] = JSON.stringify({
      type: SUBSIDY_ROUND_RECORD_TYPE,
      eventId: 'approved-1',
      round: approvedRound(),
    });
    writeFileSync(file, lines.join('\n'));
    const verdict = await verifyExportFile(file, keys.publicKeyPem);
    expect(verdict.ok).toBe(false);
    expect(verdict.result).toMatchObject({
      reason: 'EXTENSION_CHECK_FAILED',
      check: 'subsidy-recomputed-from-policy',
    });
  });

  it("fails at the round's first grant when a report's share is none its policy gives", async () => {
    const round = approvedRound();
    const bigger = reports[0] as Report;
    const file = exportFile(round);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex(
      (l) => l.includes('"reportId":"R1"') && l.includes(SUBSIDY_REPORT_RECORD_TYPE),
    );
    // A report whose share is no share the policy gives (a made-up 9000 bp).
    lines[at] = JSON.stringify({
      type: SUBSIDY_REPORT_RECORD_TYPE,
      report: { ...bigger, shareBp: 9000 },
    });
    writeFileSync(file, lines.join('\n'));
    const verdict = await verifyExportFile(file, keys.publicKeyPem);
    expect(verdict.result).toMatchObject({ firstBadSeq: '3', reason: 'EXTENSION_CHECK_FAILED' });
    expect(String(verdict.result['message'])).toContain('share 9000 bp');
  });

  it('fails without the round record', async () => {
    const file = exportFile(approvedRound());
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !l.includes(`"type":"${SUBSIDY_ROUND_RECORD_TYPE}"`));
    writeFileSync(file, lines.join('\n'));
    const verdict = await verifyExportFile(file, keys.publicKeyPem);
    expect(verdict.result).toMatchObject({ firstBadSeq: '3', reason: 'EXTENSION_CHECK_FAILED' });
    expect(String(verdict.result['message'])).toContain('not in the export');
  });
});
