import { DataSource } from 'typeorm';
import { PROGRAMME_SUBJECT } from './bank-programme-documents';
import { StatementIssuer } from './statement-issuer';

/** An issuer whose repository answers from memory and logs what it was asked. */
function issuerWith(periods: Array<{ period: string; closingSeq: bigint }>) {
  const asked: string[] = [];
  const issuer = new StatementIssuer({
    dataSource: {} as DataSource,
    schema: 'ledger',
    journalSize: () => 0n,
    fontFile: '',
  });
  Object.assign(issuer.repo, {
    periods: async () => periods,
    // Every statement of every month is issued already.
    issuedKeys: async (period: string) => {
      asked.push(`issued ${period}`);
      return new Set([
        'FUND_MONTHLY|CITY',
        'BANK_MONTHLY|B1',
        `PROGRAMME_MONTHLY|${PROGRAMME_SUBJECT}`,
        `PROGRAMME_ANNUAL|${PROGRAMME_SUBJECT}`,
      ]);
    },
    fundsUpTo: async (seq: bigint) => {
      asked.push(`funds ${seq}`);
      return ['CITY'];
    },
    banksUpTo: async (seq: bigint) => {
      asked.push(`banks ${seq}`);
      return ['B1'];
    },
  });
  return { issuer, asked };
}

describe('StatementIssuer.issueMissing', () => {
  it('reads a closed month once: a later run skips the months it found complete', async () => {
    const periods = [
      { period: '2026-01', closingSeq: 5n },
      { period: '2026-02', closingSeq: 9n },
    ];
    const { issuer, asked } = issuerWith(periods);
    await issuer.issueMissing();
    expect(asked).toEqual([
      'issued 2026-01',
      'funds 5',
      'banks 5',
      'issued 2026-02',
      'funds 9',
      'banks 9',
    ]);

    asked.length = 0;
    await issuer.issueMissing();
    expect(asked).toEqual([]);

    // The clock closes another month: only that one is read.
    periods.push({ period: '2026-03', closingSeq: 12n });
    await issuer.issueMissing();
    expect(asked).toEqual(['issued 2026-03', 'funds 12', 'banks 12']);
  });

  it('reads a month again while its statements could not all be issued', async () => {
    const { issuer, asked } = issuerWith([{ period: '2026-01', closingSeq: 5n }]);
    const funds = issuer.repo.fundsUpTo.bind(issuer.repo);
    let failures = 1;
    issuer.repo.fundsUpTo = async (seq: bigint) => {
      if (failures-- > 0) throw new Error('database unavailable');
      return funds(seq);
    };
    await expect(issuer.issueMissing()).rejects.toThrow('database unavailable');
    asked.length = 0;
    await issuer.issueMissing();
    expect(asked).toEqual(['issued 2026-01', 'funds 5', 'banks 5']);
  });
});
