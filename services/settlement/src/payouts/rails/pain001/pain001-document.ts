import { plainYuan } from '@riskpool/domain';

export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export interface Pain001Payment {
  /** The payment instruction id: EndToEndId, at most 35 characters. */
  readonly instructionId: string;
  readonly amountFen: bigint;
  readonly debtorFundId: string;
  readonly debtorAccount: string;
  readonly creditorBankId: string;
  readonly creditorAccount: string;
  readonly requestedOn: string;
  readonly remittanceInformation: string;
  /** Debtor name (default `Fund <debtorFundId>`). */
  readonly debtorName?: string;
  /** Creditor name and id scheme (default: the bank id, scheme `RISKPOOL_BANK`). */
  readonly creditorName?: string;
  readonly creditorIdScheme?: string;
}

export interface Pain001Batch {
  /** At most 35 characters. */
  readonly msgId: string;
  readonly createdAt: Date;
  readonly initiatingParty: string;
  /** BIC of the funds' custodian bank: the debtor agent of every payment. */
  readonly custodianBic: string;
  readonly currency: string;
  readonly payments: readonly Pain001Payment[];
}

export class Pain001Error extends Error {}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function text(value: string, max: number, what: string): string {
  if (value.length < 1 || value.length > max)
    throw new Pain001Error(`${what} must be 1 to ${max} characters: ${JSON.stringify(value)}`);
  return escapeXml(value);
}

/** Free text is cut to fit (Max140Text). */
function freeText(value: string, max: number): string {
  return escapeXml(value.length > max ? value.slice(0, max) : value);
}

/** An organisation's proprietary id, when it fits Max35Text. */
function orgId(id: string, scheme: string): string {
  if (id.length > 35) return '';
  return `<Id><OrgId><Othr><Id>${escapeXml(id)}</Id><SchmeNm><Prtry>${scheme}</Prtry></SchmeNm></Othr></OrgId></Id>`;
}

function account(id: string, what: string, currency?: string): string {
  return `<Id><Othr><Id>${text(id, 34, what)}</Id></Othr></Id>${currency === undefined ? '' : `<Ccy>${currency}</Ccy>`}`;
}

/**
 * An ISO 20022 customer credit transfer initiation (pain.001.001.09): one group header, one
 * payment information block per debtor fund (and requested date), one credit transfer per payment
 * instruction. Amounts are yuan with two decimals, converted from fen by integer arithmetic.
 */
export function buildPain001(batch: Pain001Batch): string {
  if (batch.payments.length === 0) throw new Pain001Error('a pain.001 needs at least one payment');
  const groups = new Map<string, Pain001Payment[]>();
  for (const payment of batch.payments) {
    if (payment.amountFen <= 0n)
      throw new Pain001Error(`payment ${payment.instructionId} has no positive amount`);
    const key = `${payment.debtorFundId}\u0000${payment.debtorAccount}\u0000${payment.requestedOn}`;
    groups.set(key, [...(groups.get(key) ?? []), payment]);
  }
  const total = (payments: readonly Pain001Payment[]) =>
    plainYuan(payments.reduce((sum, p) => sum + p.amountFen, 0n));
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="${PAIN001_NAMESPACE}">`,
    '  <CstmrCdtTrfInitn>',
    '    <GrpHdr>',
    `      <MsgId>${text(batch.msgId, 35, 'MsgId')}</MsgId>`,
    `      <CreDtTm>${batch.createdAt.toISOString()}</CreDtTm>`,
    `      <NbOfTxs>${batch.payments.length}</NbOfTxs>`,
    `      <CtrlSum>${total(batch.payments)}</CtrlSum>`,
    `      <InitgPty><Nm>${text(batch.initiatingParty, 140, 'InitgPty/Nm')}</Nm></InitgPty>`,
    '    </GrpHdr>',
  ];
  let index = 0;
  for (const payments of groups.values()) {
    index += 1;
    const first = payments[0] as Pain001Payment;
    const pmtInfId = `${batch.msgId.slice(0, 30)}-${String(index).padStart(4, '0')}`;
    lines.push(
      '    <PmtInf>',
      `      <PmtInfId>${text(pmtInfId, 35, 'PmtInfId')}</PmtInfId>`,
      '      <PmtMtd>TRF</PmtMtd>',
      '      <BtchBookg>false</BtchBookg>',
      `      <NbOfTxs>${payments.length}</NbOfTxs>`,
      `      <CtrlSum>${total(payments)}</CtrlSum>`,
      `      <ReqdExctnDt><Dt>${first.requestedOn}</Dt></ReqdExctnDt>`,
      `      <Dbtr><Nm>${text(first.debtorName ?? `Fund ${first.debtorFundId}`, 140, 'Dbtr/Nm')}</Nm>${orgId(first.debtorFundId, 'RISKPOOL_FUND')}</Dbtr>`,
      `      <DbtrAcct>${account(first.debtorAccount, 'DbtrAcct', batch.currency)}</DbtrAcct>`,
      `      <DbtrAgt><FinInstnId><BICFI>${escapeXml(batch.custodianBic)}</BICFI></FinInstnId></DbtrAgt>`,
      '      <ChrgBr>SLEV</ChrgBr>',
    );
    for (const payment of payments) {
      lines.push(
        '      <CdtTrfTxInf>',
        `        <PmtId><EndToEndId>${text(payment.instructionId, 35, 'EndToEndId')}</EndToEndId></PmtId>`,
        `        <Amt><InstdAmt Ccy="${batch.currency}">${plainYuan(payment.amountFen)}</InstdAmt></Amt>`,
        `        <Cdtr><Nm>${text(payment.creditorName ?? payment.creditorBankId, 140, 'Cdtr/Nm')}</Nm>${orgId(payment.creditorBankId, payment.creditorIdScheme ?? 'RISKPOOL_BANK')}</Cdtr>`,
        `        <CdtrAcct>${account(payment.creditorAccount, 'CdtrAcct')}</CdtrAcct>`,
        `        <RmtInf><Ustrd>${freeText(payment.remittanceInformation, 140)}</Ustrd></RmtInf>`,
        '      </CdtTrfTxInf>',
      );
    }
    lines.push('    </PmtInf>');
  }
  lines.push('  </CstmrCdtTrfInitn>', '</Document>', '');
  return lines.join('\n');
}
