import { parsePain002, parseStatusCsv, StatusFileError } from './status-file';

describe('custodian status files', () => {
  it('reads the CSV format: settled and rejected are final, interim statuses are skipped', () => {
    const entries = parseStatusCsv(
      [
        '# riskpool custodian status v1',
        'end_to_end_id,status,reason,bank_reference',
        'a1,ACSC,,CUST-1',
        'a2,RJCT,AC04 account closed,',
        'a3,ACSP,,',
        '',
      ].join('\n'),
    );
    expect(entries).toEqual([
      { instructionId: 'a1', status: 'SETTLED', bankReference: 'CUST-1' },
      { instructionId: 'a2', status: 'REJECTED', reason: 'AC04 account closed' },
    ]);
  });

  it('refuses a CSV without the header or with a short line', () => {
    expect(() => parseStatusCsv('a1,ACSC,,\n')).toThrow(StatusFileError);
    expect(() => parseStatusCsv('end_to_end_id,status,reason,bank_reference\na1,ACSC\n')).toThrow(
      /line 2/,
    );
  });

  it('reads pain.002 transaction statuses', () => {
    const xml = `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
  <OrgnlPmtInfAndSts>
    <TxInfAndSts><OrgnlEndToEndId>a1</OrgnlEndToEndId><TxSts>ACSC</TxSts><AcctSvcrRef>R-1</AcctSvcrRef></TxInfAndSts>
    <TxInfAndSts><OrgnlEndToEndId>a2</OrgnlEndToEndId><TxSts>RJCT</TxSts>
      <StsRsnInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>closed</AddtlInf></StsRsnInf></TxInfAndSts>
  </OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>`;
    expect(parsePain002(xml)).toEqual([
      { instructionId: 'a1', status: 'SETTLED', bankReference: 'R-1' },
      { instructionId: 'a2', status: 'REJECTED', reason: 'closed' },
    ]);
  });
});
