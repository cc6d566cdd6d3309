import { buildPain001, Pain001Error, Pain001Payment } from './pain001-document';

const payment = (over: Partial<Pain001Payment> = {}): Pain001Payment => ({
  instructionId: '0190a0000000700080000000000000aa',
  amountFen: 135000000n,
  debtorFundId: 'CITY',
  debtorAccount: 'RP-CITY',
  creditorBankId: 'B1',
  creditorAccount: '6222000011112222',
  requestedOn: '2026-03-01',
  remittanceInformation: 'Riskpool claim C1 loan L1',
  ...over,
});

const batch = (payments: Pain001Payment[]) => ({
  msgId: 'RP0190a000000070008000000000000a',
  createdAt: new Date('2026-03-01T08:00:00.000Z'),
  initiatingParty: 'Riskpool & partners',
  custodianBic: 'CUSTCNBJXXX',
  currency: 'CNY',
  payments,
});

describe('pain.001.001.09 document', () => {
  it('writes the group header with count and control sum in yuan, exact to the fen', () => {
    const xml = buildPain001(
      batch([payment(), payment({ instructionId: 'b2', amountFen: 600000001n })]),
    );
    expect(xml).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"');
    expect(xml).toContain('<NbOfTxs>2</NbOfTxs>');
    expect(xml).toContain('<CtrlSum>7350000.01</CtrlSum>');
    expect(xml).toContain('<InstdAmt Ccy="CNY">6000000.01</InstdAmt>');
    expect(xml).toContain('<EndToEndId>b2</EndToEndId>');
    expect(xml).toContain('<Nm>Riskpool &amp; partners</Nm>');
  });

  it('has one payment information block per debtor fund, with its account', () => {
    const xml = buildPain001(
      batch([
        payment({ instructionId: 'a' }),
        payment({ instructionId: 'b', debtorFundId: 'TOWN:XIAOLAN', debtorAccount: 'RP-X' }),
        payment({ instructionId: 'c', amountFen: 1n }),
      ]),
    );
    expect(xml.match(/<PmtInf>/g)).toHaveLength(2);
    expect(xml).toContain('<DbtrAcct><Id><Othr><Id>RP-X</Id></Othr></Id><Ccy>CNY</Ccy></DbtrAcct>');
    const city = xml.slice(xml.indexOf('<PmtInf>'), xml.indexOf('</PmtInf>'));
    expect(city).toContain('<CtrlSum>1350000.01</CtrlSum>');
    expect(city).toContain('<NbOfTxs>2</NbOfTxs>');
  });

  it('refuses what the schema would refuse rather than cut an identifier', () => {
    expect(() => buildPain001(batch([]))).toThrow(Pain001Error);
    expect(() => buildPain001(batch([payment({ instructionId: 'x'.repeat(36) })]))).toThrow(
      /EndToEndId/,
    );
    expect(() => buildPain001(batch([payment({ creditorAccount: '1'.repeat(35) })]))).toThrow(
      /CdtrAcct/,
    );
    expect(() => buildPain001(batch([payment({ amountFen: 0n })]))).toThrow(Pain001Error);
  });
});
