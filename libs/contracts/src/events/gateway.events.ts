import { z } from 'zod';
import { businessDate, isoTimestamp } from '../money-schema';

/**
 * The gateway's business clock moved (docs/domain.md §4): an admin set it (demo and test modes),
 * or the real date in Asia/Shanghai rolled over. Published whenever the date the gateway serves
 * differs from the last one it published; the ledger closes a statement month on it.
 */
export const gatewayBusinessDateChangedV1 = z.object({
  businessDate,
  /** The date published before, or null for the first. */
  previousBusinessDate: businessDate.nullable(),
  changedAt: isoTimestamp,
});
