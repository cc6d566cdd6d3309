import { z } from 'zod';
import { bankId, fenString, fundId, isoTimestamp, townCode } from '../money-schema';
import { coSharerKind, coSharerPartyId, institutionKind } from './loans.events';

export const bankAdmittedV1 = z.object({
  bankId,
  name: z.string().min(1).max(200),
  quotaFen: fenString,
  admittedAt: isoTimestamp,
  // Additive (docs/domain.md §8.1): the partner's kind; absent means BANK.
  kind: institutionKind.optional(),
});

/** docs/domain.md §8.4: a guarantor, insurer or valuer admitted by an admin, as banks are. */
export const coSharerAdmittedV1 = z.object({
  partyId: coSharerPartyId,
  name: z.string().min(1).max(200),
  kind: coSharerKind,
  admittedAt: isoTimestamp,
});

export const bankStatusChangedV1 = z.object({
  bankId,
  status: z.enum(['ACTIVE', 'SUSPENDED', 'EXITED']),
  reason: z.string().min(1).max(500),
  /** `admin:<keyId>` for an admin action, `breaker` for the NPL breaker. */
  changedBy: z.string().min(1).max(200),
  changedAt: isoTimestamp,
});

export const fundCreatedV1 = z.object({
  fundId,
  name: z.string().min(1).max(200),
  kind: z.enum(['CITY', 'TOWN', 'OTHER']),
  townCode: townCode.optional(),
  createdAt: isoTimestamp,
});
