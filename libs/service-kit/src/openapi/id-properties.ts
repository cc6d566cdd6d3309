import { ApiProperty } from '@nestjs/swagger';

/** How a view documents a field that names something: all optional, the kind's example by default. */
interface NameDoc {
  readonly example?: string | null;
  readonly description?: string;
  readonly nullable?: boolean;
  readonly required?: boolean;
}

/**
 * A string that names a loan, a claim, a bank, a fund, ...: the one example the public document
 * shows of each kind, so that every service's views show the same loan, bank and fund.
 */
const named =
  (example: string) =>
  (doc: NameDoc = {}) =>
    ApiProperty({
      ...(doc.nullable === true ? { type: 'string', nullable: true } : {}),
      example: doc.example !== undefined ? doc.example : example,
      ...(doc.description !== undefined ? { description: doc.description } : {}),
      ...(doc.required === false ? { required: false } : {}),
    });

/**
 * The ids and codes the views name, each with its one example: `@ApiId.loan()`,
 * `@ApiId.bank({ description: 'The lender' })`, `@ApiId.fund({ example: 'TOWN:TORCH' })`.
 */
export const ApiId = {
  /** A loan's id (the loan registry's UUIDv7). */
  loan: named('0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10'),
  /** A default's id: a loan's default episode (the default-events service's UUIDv7). */
  loanDefault: named('0195f3b0-1d2e-7c4f-8a9b-0c1d2e3f4a5b'),
  /** A claim's id (pool allocation's UUIDv7). */
  claim: named('0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f'),
  /** A partner bank's id, as the gateway admitted it. */
  bank: named('ZSBANK'),
  /** A compensation fund's id: `CITY`, `TOWN:<code>` or another fund code. */
  fund: named('CITY'),
  /** An interest subsidy fund's id: `SUBSIDY:CITY` or `SUBSIDY:TOWN:<code>`. */
  subsidyFund: named('SUBSIDY:TOWN:XIAOLAN'),
  /** A town's code. */
  town: named('XIAOLAN'),
  /** An enterprise's Unified Social Credit Code. */
  uscc: named('91442000MA4UJ1T176'),
  /** A co-sharer party's id (docs/domain.md §8.4), as the gateway admitted it. */
  party: named('G-ZSGUAR'),
  /** A policy version's id. */
  policyVersion: named('v1'),
};
