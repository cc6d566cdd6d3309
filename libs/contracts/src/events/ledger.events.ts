import { z } from 'zod';
import { entityId, isoTimestamp } from '../money-schema';

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
