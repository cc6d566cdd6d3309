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
  source: z.enum(['pool-allocation', 'settlement']),
  ledgerFen: fenString,
  sourceFen: fenString,
  differenceFen: signedFenString,
  /** Journal size when the ledger's figure was read. */
  ledgerTreeSize: z.string().regex(/^[0-9]+$/),
  checkedAt: isoTimestamp,
});
