// What the ledger's read routes answer (`GET /ledger/...`): the one declaration of each shape,
// documented for the public API (the gateway assembles its document from the ledger's own).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENTRY_KINDS, type CheckpointJson, type KeyRotationJson } from '@riskpool/ledger-core';
import { ApiFen, ApiId, ApiTimestamp } from '@riskpool/service-kit';

const HASH = '^[0-9a-f]{64}$';
const SEQ_TEXT = '^(0|[1-9][0-9]{0,17})$';
const LEAF_HASH = 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb';
const ROOT_HASH = '3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d';
const CHAIN_HASH = '2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6';
const KEY_ID = '8254c329a92850f6d539dd376f4816ee';
const SIGNATURE =
  'uXKksh7I8X7WyeeP55N21hSSP3Bmo6B5BT4QEAa93OHjf8aeKBXu2rE/47529VjMdYnsQ8u+NgRs7qWYMAaBBw==';
const PUBLIC_KEY_PEM =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAelVtvuYa1JvvFvMGNQjUG44XjgThFIbYrrKkzWulx3E=\n-----END PUBLIC KEY-----\n';

/** A decimal counter (a seq or a tree size) as a string: it may pass 2^53. */
export const ApiSeq = (example: string, description?: string) =>
  ApiProperty({
    type: 'string',
    pattern: SEQ_TEXT,
    example,
    ...(description ? { description } : {}),
  });

const ApiHash = (example: string, description: string) =>
  ApiProperty({ type: 'string', pattern: HASH, example, description });

/** A list of SHA-256 hashes, hex (an RFC 6962 proof). */
const ApiHashes = (example: string[], description: string) =>
  ApiProperty({ type: 'array', items: { type: 'string', pattern: HASH }, example, description });

/** A signing key's id: 32 lower-case hex digits (libs/ledger-core `keyIdOf`). */
const ApiKeyId = (description?: string) =>
  ApiProperty({
    pattern: '^[0-9a-f]{32}$',
    example: KEY_ID,
    ...(description ? { description } : {}),
  });

export class LedgerPostingView {
  @ApiProperty({
    example: 'fund:CITY:available',
    description: 'The account (services/ledger README "Chart of accounts")',
  })
  readonly account!: string;

  @ApiProperty({ enum: ['DEBIT', 'CREDIT'], example: 'DEBIT' })
  readonly side!: string;

  @ApiFen({ example: '120000000' })
  readonly amountFen!: string;
}

/** A journal entry as `GET /ledger/entries` lists it: its postings, hashes and canonical bytes. */
export class LedgerEntryView {
  @ApiSeq('1', 'Position in the journal, from 1')
  readonly seq!: string;

  @ApiProperty({ example: '0195f3d0-0000-7000-8000-000000000006' })
  readonly entryId!: string;

  @ApiProperty({
    example: '0195f3d0-0000-7000-8000-000000000005',
    description: 'The event the entry books',
  })
  readonly eventId!: string;

  @ApiProperty({ example: 'pool.claim-approved.v1' })
  readonly eventType!: string;

  @ApiTimestamp({ description: 'When the event happened' })
  readonly occurredAt!: string;

  @ApiTimestamp({ example: '2026-03-01T08:00:00.120Z', description: 'When the ledger booked it' })
  readonly recordedAt!: string;

  @ApiProperty({ enum: ENTRY_KINDS, example: 'PENDING' })
  readonly kind!: string;

  @ApiPropertyOptional({
    type: 'string',
    pattern: SEQ_TEXT,
    description: 'The PENDING entry a POST_PENDING or VOID_PENDING entry settles',
  })
  readonly pendingEntrySeq?: string;

  @ApiId.claim({ required: false })
  readonly claimId?: string;

  @ApiId.loan({ required: false })
  readonly loanId?: string;

  @ApiId.policyVersion({ required: false, description: 'The policy version the entry applied' })
  readonly policyVersion?: string;

  @ApiPropertyOptional({ description: 'ANCHOR entries: the file whose SHA-256 they anchor' })
  readonly documentName?: string;

  @ApiPropertyOptional({ pattern: HASH, description: 'ANCHOR entries: the file’s SHA-256, hex' })
  readonly documentSha256?: string;

  @ApiProperty({
    type: [LedgerPostingView],
    description: 'Debits equal credits',
    example: [
      { account: 'fund:CITY:available', side: 'DEBIT', amountFen: '120000000' },
      { account: 'fund:CITY:held', side: 'CREDIT', amountFen: '120000000' },
    ],
  })
  readonly postings!: LedgerPostingView[];

  @ApiHash(ROOT_HASH, 'The previous entry’s chain hash (zeros before the first)')
  readonly prevHash!: string;

  @ApiHash(LEAF_HASH, 'RFC 6962 leaf hash of the canonical bytes')
  readonly leafHash!: string;

  @ApiHash(CHAIN_HASH, 'SHA-256 of the previous chain hash and this leaf hash')
  readonly chainHash!: string;

  @ApiProperty({
    format: 'byte',
    example: 'eyJ2IjoxLCJzZXEiOiIxIn0=',
    description: 'The canonical bytes, standard base64 (what the leaf hash is of)',
  })
  readonly canonical!: string;
}

/** A signed checkpoint (libs/ledger-core `CheckpointJson`). */
export class LedgerCheckpointView implements CheckpointJson {
  @ApiSeq('1024', 'The number of entries the checkpoint covers')
  readonly treeSize!: string;

  @ApiHash(ROOT_HASH, 'RFC 6962 Merkle root of the first treeSize entries')
  readonly rootHash!: string;

  @ApiHash(CHAIN_HASH, 'The chain hash of entry treeSize')
  readonly chainHash!: string;

  @ApiTimestamp()
  readonly issuedAt!: string;

  @ApiKeyId('The signing key')
  readonly keyId!: string;

  @ApiProperty({ example: SIGNATURE, description: 'Ed25519 signature, standard base64' })
  readonly signature!: string;
}

export class InclusionProofView {
  @ApiSeq('3')
  readonly seq!: string;

  @ApiSeq('2', 'seq - 1')
  readonly leafIndex!: string;

  @ApiSeq('1024')
  readonly treeSize!: string;

  @ApiHash(LEAF_HASH, 'The entry’s leaf hash')
  readonly leafHash!: string;

  @ApiHashes([CHAIN_HASH], 'RFC 6962 audit path from the leaf to the root, hex')
  readonly auditPath!: string[];

  @ApiHash(ROOT_HASH, 'The root at treeSize')
  readonly rootHash!: string;

  @ApiProperty({ type: LedgerCheckpointView })
  readonly checkpoint!: LedgerCheckpointView;
}

export class ConsistencyProofView {
  @ApiProperty({ type: LedgerCheckpointView })
  readonly from!: LedgerCheckpointView;

  @ApiProperty({ type: LedgerCheckpointView })
  readonly to!: LedgerCheckpointView;

  @ApiHashes([LEAF_HASH], 'RFC 6962 consistency proof between the two tree sizes, hex')
  readonly proof!: string[];
}

export class LedgerKeyView {
  @ApiKeyId()
  readonly keyId!: string;

  @ApiProperty({ example: PUBLIC_KEY_PEM, description: 'SPKI, PEM' })
  readonly publicKeyPem!: string;
}

/** A key rotation (libs/ledger-core `KeyRotationJson`), signed by the key it retires. */
export class KeyRotationView implements KeyRotationJson {
  @ApiSeq('1024')
  readonly treeSize!: string;

  @ApiHash(ROOT_HASH, 'The root at treeSize')
  readonly rootHash!: string;

  @ApiHash(CHAIN_HASH, 'The chain hash at treeSize')
  readonly chainHash!: string;

  @ApiKeyId('The retired key')
  readonly previousKeyId!: string;

  @ApiKeyId('The announced key')
  readonly keyId!: string;

  @ApiProperty({ example: PUBLIC_KEY_PEM })
  readonly publicKeyPem!: string;

  @ApiTimestamp()
  readonly rotatedAt!: string;

  @ApiProperty({ example: SIGNATURE, description: 'By the retired key, standard base64' })
  readonly signature!: string;
}

export class LedgerPublicKeyView {
  @ApiProperty({ enum: ['Ed25519'], example: 'Ed25519' })
  readonly algorithm!: 'Ed25519';

  @ApiKeyId('The key in force')
  readonly keyId!: string;

  @ApiProperty({ example: PUBLIC_KEY_PEM, description: 'The key in force, SPKI PEM' })
  readonly publicKeyPem!: string;

  @ApiProperty({ type: [LedgerKeyView], description: 'Every key that has signed' })
  readonly keys!: LedgerKeyView[];

  @ApiProperty({ type: [KeyRotationView], example: [], description: 'Oldest first' })
  readonly rotations!: KeyRotationView[];
}

/** An account's four counters (TigerBeetle style: pending and posted, each side). */
export class AccountBalanceView {
  @ApiProperty({ example: 'fund:CITY:available' })
  readonly account!: string;

  @ApiFen({ example: '0' })
  readonly debitsPending!: string;

  @ApiFen({ example: '120000000' })
  readonly debitsPosted!: string;

  @ApiFen({ example: '0' })
  readonly creditsPending!: string;

  @ApiFen({ example: '2000000000' })
  readonly creditsPosted!: string;
}

export class BalancesView {
  @ApiSeq('1024', 'The balances are after this entry')
  readonly asOfSeq!: string;

  @ApiProperty({ type: [AccountBalanceView], description: 'In account order' })
  readonly accounts!: AccountBalanceView[];
}
