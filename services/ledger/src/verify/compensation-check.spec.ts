import { readFileSync } from 'node:fs';
import { Topics, policyDocumentOf } from '@riskpool/contracts';
import { defaultPolicy } from '@riskpool/domain';
import {
  type LedgerEvent,
  type Posting,
  createCheckpointSigner,
  generateSigningKeyPair,
  verifyExportLines,
} from '@riskpool/ledger-core';
import { HoldBook, planEvent } from '../journal/posting-rules';
import { CLAIM_RECORD_TYPE, POLICY_RECORD_TYPE } from './compensation-check';
import { verifyExportFile } from './verify';
import { writeSignedExport } from '../../test/signed-export';

const T = '2026-03-01T08:00:00.000Z';
const keys = generateSigningKeyPair();
const signer = createCheckpointSigner(keys.privateKeyPem);

/** The default policy (tiers 40/30/20 %, +15 % IP pledge, max 50 %, split CITY 50 / TOWN 50). */
function policyRecord(versionId: string): Record<string, unknown> {
  return {
    type: POLICY_RECORD_TYPE,
    policy: policyDocumentOf(defaultPolicy(versionId, '2025-01-01')),
    publishedAt: T,
  };
}

const dr = (account: string, fen: bigint): Posting => ({ account, side: 'DEBIT', amountFen: fen });
const cr = (account: string, fen: bigint): Posting => ({ account, side: 'CREDIT', amountFen: fen });

function deposit(): LedgerEvent {
  return {
    eventId: 'dep-1',
    eventType: Topics.fundDeposited,
    occurredAt: T,
    entries: [
      {
        kind: 'POST',
        postings: [dr('fund:CITY:contributions', 10n ** 9n), cr('fund:CITY:available', 10n ** 9n)],
      },
    ],
  };
}

/** A claim-approved entry of basis 1,000,000 fen with the given shares (as the ledger books it). */
function compensation(city: bigint, town: bigint, bank: bigint, policy = 'P1'): LedgerEvent {
  return {
    eventId: 'approved-1',
    eventType: Topics.claimApproved,
    occurredAt: T,
    entries: [
      {
        kind: 'POST',
        claimId: 'C1',
        loanId: 'L1',
        policyVersion: policy,
        postings: [
          dr('loan:L1:exposure', 1_000_000n),
          cr('loan:L1:share:fund:CITY', city),
          cr('loan:L1:share:fund:TOWN:XIAOLAN', town),
          cr('bank:B1:loss-borne', bank),
        ],
      },
    ],
  };
}

/**
 * An export written honestly by a LedgerState from these events, hashed, chained and signed with
 * the real key: a tampered amount in it is consistent everywhere but in the recomputation.
 */
function exportFile(events: LedgerEvent[], policies: Array<Record<string, unknown>>): string {
  return writeSignedExport('ledger-comp-', { time: T, signer, records: policies, signed: events });
}

/** Verify fails at entry 2, the compensation, its recomputation from the policy saying `message`. */
function expectRecomputationFails(
  report: { ok: boolean; result: Record<string, unknown> },
  message: string,
): void {
  expect(report.ok).toBe(false);
  expect(report.result).toMatchObject({
    firstBadSeq: '2',
    reason: 'EXTENSION_CHECK_FAILED',
    check: 'compensation-recomputed-from-policy',
  });
  expect(String(report.result['message'])).toContain(message);
}

describe('verify recomputes each compensation entry from its policy version', () => {
  it('passes the amounts the policy gives (40 % of the basis, split half and half)', async () => {
    const file = exportFile(
      [deposit(), compensation(200_000n, 200_000n, 600_000n)],
      [policyRecord('P1')],
    );
    const report = await verifyExportFile(file, keys.publicKeyPem);
    expect(report.result).toMatchObject({ entries: 2 });
    expect(report.ok).toBe(true);
  });

  it('fails at a share moved from the bank to a fund, re-hashed and re-signed with the real key', async () => {
    const file = exportFile(
      [deposit(), compensation(250_000n, 200_000n, 550_000n)],
      [policyRecord('P1')],
    );
    // The ledger's own checks (signature, chain, roots, double entry) all pass…
    const plain = await verifyExportLines(
      readFileSync(file, 'utf8').split('\n'),
      keys.publicKeyPem,
      { extensionRecords: { [POLICY_RECORD_TYPE]: () => undefined } },
    );
    expect(plain.ok).toBe(true);
    // …only the recomputation catches it, at that entry.
    const report = await verifyExportFile(file, keys.publicKeyPem);
    expectRecomputationFails(report, 'not the policy');
  });

  it('fails at a pool raised beyond any rate of the policy even when split correctly', async () => {
    const file = exportFile(
      [deposit(), compensation(300_000n, 300_000n, 400_000n)],
      [policyRecord('P1')],
    );
    const report = await verifyExportFile(file, keys.publicKeyPem);
    expect(report.result).toMatchObject({
      firstBadSeq: '2',
      reason: 'EXTENSION_CHECK_FAILED',
      check: 'compensation-recomputed-from-policy',
    });
    expect(String(report.result['message'])).toContain('at most 500000');
  });

  it('accepts a pool at another attainable rate (30 % tier) and fails without the policy record', async () => {
    const ok = await verifyExportFile(
      exportFile([deposit(), compensation(150_000n, 150_000n, 700_000n)], [policyRecord('P1')]),
      keys.publicKeyPem,
    );
    expect(ok.ok).toBe(true);
    const missing = await verifyExportFile(
      exportFile(
        [deposit(), compensation(200_000n, 200_000n, 600_000n, 'P2')],
        [policyRecord('P1')],
      ),
      keys.publicKeyPem,
    );
    expect(missing.result).toMatchObject({ firstBadSeq: '2', reason: 'EXTENSION_CHECK_FAILED' });
    expect(String(missing.result['message'])).toContain('P2 is not in the export');
  });

  it('refuses a policy record that breaks the contract', async () => {
    const bad = policyRecord('P1');
    const file = exportFile([deposit()], [{ ...bad, policy: { policyVersionId: 'P1' } }]);
    const report = await verifyExportFile(file, keys.publicKeyPem);
    expect(report.result).toMatchObject({ reason: 'BAD_RECORD', record: 1 });
  });
});

describe('verify recomputes co-sharers, caps and the net-loss basis from the claim record', () => {
  /** A 54:26:16:4 scheme: rate 5400, the lender keeps at least 2600 bp (docs/domain.md §8.4). */
  function ipPledgePolicy(): Record<string, unknown> {
    const record = policyRecord('P54');
    const policy = record['policy'] as Record<string, unknown>;
    return {
      ...record,
      policy: {
        ...policy,
        rateTiers: [{ upToFen: policy['maxPrincipalFen'], rateBp: 5400 }],
        bonusesBp: {},
        maxRateBp: 5400,
        minLenderShareBp: 2600,
      },
    };
  }

  const insurerBp = 1600;
  function approved(overrides: { insurerFen?: bigint; lenderFen?: bigint } = {}) {
    const insurer = overrides.insurerFen ?? 160_000n;
    const lender = overrides.lenderFen ?? 260_000n;
    return {
      claimId: 'C54',
      loanId: 'L54',
      bankId: 'B1',
      defaultId: 'D54',
      approvedOn: '2026-03-01',
      basisFen: '1000000',
      rateBp: 5400,
      poolFen: '540000',
      capsApplied: [] as Array<'PER_LOAN_CAP' | 'PER_BANK_ANNUAL_CAP' | 'PORTFOLIO_CAP'>,
      shares: [
        { fundId: 'CITY', shareFen: '270000', heldFen: '270000', queuedFen: '0' },
        { fundId: 'TOWN:XIAOLAN', shareFen: '270000', heldFen: '270000', queuedFen: '0' },
      ],
      bankShareFen: '460000',
      economicPolicyVersionId: 'P54',
      proceduralPolicyVersionId: 'P54',
      coSharerShares: [
        {
          partyId: 'INS-1',
          kind: 'INSURER' as const,
          shareBp: insurerBp,
          shareFen: insurer.toString(),
          cutBackFen: '0',
        },
        {
          partyId: 'VAL-1',
          kind: 'VALUER' as const,
          shareBp: 400,
          shareFen: '40000',
          cutBackFen: '0',
        },
      ],
      lenderShareFen: lender.toString(),
      allocationInputs: {
        tierRateBp: 5400,
        bonusBp: 0,
        institutionKind: 'BANK' as const,
        outstandingAtDefaultFen: '1000000',
        annualRemainingFen: '1000000000',
      },
    };
  }

  /** The approval as the ledger books it (posting-rules.ts), and its `claim` export record. */
  function booked(data: ReturnType<typeof approved> & Record<string, unknown>): {
    event: LedgerEvent;
    record: Record<string, unknown>;
  } {
    const plan = planEvent(
      {
        eventId: 'approved-54',
        eventType: Topics.claimApproved,
        time: T,
        subject: data.loanId,
        data,
      },
      { holds: new HoldBook().stage(), claim: () => undefined },
    );
    if (plan.kind !== 'entries') throw new Error('expected entries');
    return {
      event: {
        eventId: 'approved-54',
        eventType: Topics.claimApproved,
        occurredAt: T,
        entries: plan.entries,
      },
      record: { type: CLAIM_RECORD_TYPE, eventId: 'approved-54', claim: data },
    };
  }

  it('passes the 54:26:16:4 approval the ledger books: shares, obligations and the lender minimum', async () => {
    const { event, record } = booked(approved());
    // The compensation entry and the co-sharers' obligations (then any memo entries).
    expect(event.entries.length).toBeGreaterThanOrEqual(2);
    const file = exportFile([deposit(), event], [ipPledgePolicy(), record]);
    const report = await verifyExportFile(file, keys.publicKeyPem);
    if (!report.ok) throw new Error(JSON.stringify(report.result));
    expect(report.result).toMatchObject({ entries: 1 + event.entries.length });
  });

  it('fails at a co-sharer amount moved from the lender, in the entry and its record, re-signed', async () => {
    const { event, record } = booked(approved({ insurerFen: 170_000n, lenderFen: 250_000n }));
    const report = await verifyExportFile(
      exportFile([deposit(), event], [ipPledgePolicy(), record]),
      keys.publicKeyPem,
    );
    expectRecomputationFails(report, 'co-sharer INS-1 bears 170000');
  });

  it('fails at the entry when only the record’s co-sharer amount is tampered', async () => {
    const { event, record } = booked(approved());
    const claim = record['claim'] as ReturnType<typeof approved>;
    const tampered = {
      ...record,
      claim: {
        ...claim,
        coSharerShares: claim.coSharerShares.map((c) =>
          c.partyId === 'INS-1' ? { ...c, shareFen: '150000' } : c,
        ),
      },
    };
    const report = await verifyExportFile(
      exportFile([deposit(), event], [ipPledgePolicy(), tampered]),
      keys.publicKeyPem,
    );
    expect(report.result).toMatchObject({ firstBadSeq: '2', reason: 'EXTENSION_CHECK_FAILED' });
    expect(String(report.result['message'])).toContain('co-sharer INS-1');
  });

  it('fails at a pool the named caps do not give, and at caps named that do not bind', async () => {
    const capped = approved();
    // A portfolio cap needs a policy that sets one.
    const withPortfolio = {
      ...capped,
      allocationInputs: {
        ...capped.allocationInputs,
        portfolioCapFen: '600000',
        portfolioRemainingFen: '540000',
      },
    };
    const noCapPolicy = await verifyExportFile(
      exportFile(
        [deposit(), booked(withPortfolio).event],
        [ipPledgePolicy(), booked(withPortfolio).record],
      ),
      keys.publicKeyPem,
    );
    expect(String(noCapPolicy.result['message'])).toContain('portfolio cap without a policy');
    const wrongCaps = { ...capped, capsApplied: ['PER_LOAN_CAP' as const] };
    const report = await verifyExportFile(
      exportFile(
        [deposit(), booked(wrongCaps).event],
        [ipPledgePolicy(), booked(wrongCaps).record],
      ),
      keys.publicKeyPem,
    );
    expect(report.result).toMatchObject({ firstBadSeq: '2', reason: 'EXTENSION_CHECK_FAILED' });
    expect(String(report.result['message'])).toContain('caps named PER_LOAN_CAP, recomputed none');
  });

  it('fails at interest and costs in the basis of a principal-only policy', async () => {
    const data = { ...approved(), accruedInterestFen: '1000', costsFen: '500' };
    const report = await verifyExportFile(
      exportFile([deposit(), booked(data).event], [ipPledgePolicy(), booked(data).record]),
      keys.publicKeyPem,
    );
    expect(String(report.result['message'])).toContain('principal-only policy P54');
  });
});
