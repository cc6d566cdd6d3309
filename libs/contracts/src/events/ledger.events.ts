import { z } from 'zod';
import { entityId, fenString, isoTimestamp, signedFenString } from '../money-schema';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const ledgerEntryPostedV1 = z.object({
  seq: z.string().regex(/^[1-9][0-9]*$/),
  entryId: entityId,
  eventId: entityId,
  eventType: z.string().min(1),
  leafHash: hex64,
  postedAt: isoTimestamp,
});

export const ledgerCheckpointSignedV1 = z.object({
  treeSize: z.string().regex(/^[0-9]+$/),
  rootHash: hex64,
  chainHash: hex64,
  keyId: z.string().min(1),
  signature: z.string().min(1),
  issuedAt: isoTimestamp,
});

/**
 * A figure the ledger's book disagrees on with the service that owns it (per fund or per bank),
 * found by the reconciliation check (services/ledger README "Reconciliation"): both figures and
 * the difference (ledger − source). One event per differing figure.
 */
export const ledgerReconciliationAlertV1 = z.object({
  checkId: entityId,
  party: z.enum(['fund', 'bank']),
  /** The fund id or bank id. */
  partyId: z.string().min(1),
  /** What is compared, e.g. `depositedFen`, `paidOutFen`. */
  figure: z.string().min(1),
  source: z.enum(['pool-allocation', 'settlement', 'subsidy']),
  ledgerFen: fenString,
  sourceFen: fenString,
  differenceFen: signedFenString,
  /** Journal size when the ledger's figure was read. */
  ledgerTreeSize: z.string().regex(/^[0-9]+$/),
  checkedAt: isoTimestamp,
});

/**
 * A statement the ledger issued (docs/domain.md §10): its files as issued, each with its SHA-256.
 * The ledger books it back as one ANCHOR journal entry per file (no money), so the digests are in
 * the Merkle tree and the signed checkpoints, and `verify --statement FILE` can find them.
 */
export const ledgerStatementIssuedV1 = z.object({
  statementId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,100}$/),
  /** `FUND_MONTHLY`, `BANK_MONTHLY`, `PROGRAMME_MONTHLY` or `PROGRAMME_ANNUAL`. */
  kind: z.string().regex(/^[A-Z_]{1,40}$/),
  subjectId: z.string().min(1).max(128),
  /** `YYYY-MM` (monthly) or `YYYY` (annual). */
  period: z.string().regex(/^[0-9]{4}(-(0[1-9]|1[0-2]))?$/),
  /** The figures are those of the journal entries (openingSeq, closingSeq]. */
  openingSeq: z.string().regex(/^[0-9]+$/),
  closingSeq: z.string().regex(/^[0-9]+$/),
  issuedAt: isoTimestamp,
  files: z
    .array(
      z.object({
        /** File name, also the anchor entry's `documentName`. */
        name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/),
        format: z.enum(['csv', 'pdf-zh-CN', 'pdf-en']),
        sha256: hex64,
        bytes: z.number().int().min(1),
      }),
    )
    .min(1)
    .max(8),
});
