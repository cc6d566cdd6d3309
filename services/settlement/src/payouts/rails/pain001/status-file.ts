import { StatusEntry } from '../payment-rail.port';

/**
 * The custodian's status files (README "Status files"). Two formats are read:
 *
 * 1. CSV (`*.csv`): a header line `end_to_end_id,status,reason,bank_reference`, then one line per
 *    payment; `#` lines and blank lines are ignored; the reason may not contain commas.
 * 2. pain.002 (`*.xml`): each `TxInfAndSts` with `OrgnlEndToEndId`, `TxSts` and optionally
 *    `StsRsnInf/AddtlInf` and `AcctSvcrRef`.
 *
 * Statuses: `ACSC` (settled: the money moved) is final and paid; `RJCT` is final and not paid;
 * interim statuses (`ACTC`, `ACCP`, `ACSP`, `PDNG`, ...) are skipped: the payment stays submitted.
 */
export class StatusFileError extends Error {}

function toEntry(
  instructionId: string,
  code: string,
  reason: string | undefined,
  bankReference: string | undefined,
): StatusEntry | undefined {
  const status = code === 'ACSC' ? 'SETTLED' : code === 'RJCT' ? 'REJECTED' : undefined;
  if (status === undefined) return undefined;
  return {
    instructionId,
    status,
    ...(reason !== undefined && reason !== '' ? { reason } : {}),
    ...(bankReference !== undefined && bankReference !== '' ? { bankReference } : {}),
  };
}

export function parseStatusCsv(content: string): StatusEntry[] {
  const lines = content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const header = lines.shift();
  if (header !== 'end_to_end_id,status,reason,bank_reference')
    throw new StatusFileError(`unexpected header ${JSON.stringify(header)}`);
  const entries: StatusEntry[] = [];
  lines.forEach((line, index) => {
    const fields = line.split(',').map((field) => field.trim());
    const [id, code, reason, reference] = fields;
    if (fields.length !== 4 || id === undefined || id === '' || code === undefined)
      throw new StatusFileError(
        `line ${index + 2}: expected 4 fields, got ${JSON.stringify(line)}`,
      );
    const entry = toEntry(id, code, reason, reference);
    if (entry !== undefined) entries.push(entry);
  });
  return entries;
}

function tag(block: string, name: string): string | undefined {
  const match = new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(block);
  return match?.[1]?.trim();
}

export function parsePain002(content: string): StatusEntry[] {
  const entries: StatusEntry[] = [];
  const blocks = content.match(/<(?:\w+:)?TxInfAndSts>[\s\S]*?<\/(?:\w+:)?TxInfAndSts>/g) ?? [];
  for (const block of blocks) {
    const id = tag(block, 'OrgnlEndToEndId');
    const code = tag(block, 'TxSts');
    if (id === undefined || code === undefined)
      throw new StatusFileError('a TxInfAndSts without OrgnlEndToEndId or TxSts');
    const entry = toEntry(id, code, tag(block, 'AddtlInf'), tag(block, 'AcctSvcrRef'));
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}
