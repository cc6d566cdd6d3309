import { barWidth, compensationByMonth, nplRatios, subsidyByTownAndMonth } from './chart-data';

describe('compensationByMonth', () => {
  const claim = (
    approvedOn: string | null,
    townCode: string,
    poolFen: string,
    status = 'APPROVED',
  ) => ({
    status,
    approvedOn,
    townCode,
    bankId: townCode === 'XIAOLAN' ? 'B1' : 'B2',
    poolFen,
  });

  it('sums approved compensation per month and town, exactly, in time order', () => {
    const claims = [
      claim('2026-07-02', 'XIAOLAN', '9007199254740993'),
      claim('2026-06-30', 'TORCH', '1'),
      claim('2026-07-15', 'XIAOLAN', '7'),
      claim(null, 'XIAOLAN', '5', 'OPEN'),
      claim('2026-06-01', 'TORCH', '3', 'DENIED'),
    ];
    expect(compensationByMonth(claims, 'townCode')).toEqual([
      { label: '2026-06 · TORCH', fen: '1' },
      { label: '2026-07 · XIAOLAN', fen: '9007199254741000' },
    ]);
    expect(compensationByMonth(claims, 'bankId').map((b) => b.label)).toEqual([
      '2026-06 · B2',
      '2026-07 · B1',
    ]);
  });
});

describe('nplRatios', () => {
  it('compares defaulted exposure with the breaker strictly, like the pool', () => {
    const loans = [
      { bankId: 'B1', status: 'DEFAULTED', exposureFen: '300' },
      { bankId: 'B1', status: 'ACTIVE', exposureFen: '9700' },
      { bankId: 'B2', status: 'DEFAULTED', exposureFen: '301' },
      { bankId: 'B2', status: 'ACTIVE', exposureFen: '9699' },
      { bankId: 'B2', status: 'CLOSED', exposureFen: '100000' },
    ];
    expect(nplRatios(loans, 300)).toEqual([
      { bankId: 'B1', defaultedFen: '300', totalFen: '10000', ratioBp: 300, overBreaker: false },
      { bankId: 'B2', defaultedFen: '301', totalFen: '10000', ratioBp: 301, overBreaker: true },
    ]);
  });

  it('scales bars without dividing by zero', () => {
    expect(barWidth('50', '100', 400)).toBe(200);
    expect(barWidth('5', '0', 400)).toBe(0);
  });
});

describe('subsidyByTownAndMonth', () => {
  it('sums granted subsidy per approval month and town, approved rounds only, exactly', () => {
    const rounds = [
      { roundId: 'R1', status: 'APPROVED', approvedOn: '2026-06-01' },
      { roundId: 'R2', status: 'APPROVED', approvedOn: '2026-07-03' },
      { roundId: 'R3', status: 'CLOSED', approvedOn: null },
    ];
    const bars = subsidyByTownAndMonth(
      [
        { roundId: 'R1', townCode: 'XIAOLAN', grantedFen: '2000000' },
        { roundId: 'R1', townCode: 'XIAOLAN', grantedFen: '900719925474099301' },
        { roundId: 'R1', townCode: 'TORCH', grantedFen: '8321918' },
        { roundId: 'R2', townCode: 'TORCH', grantedFen: '1' },
        { roundId: 'R2', townCode: 'GUZHEN', grantedFen: '0' },
        { roundId: 'R3', townCode: 'XIAOLAN', grantedFen: '500' },
      ],
      rounds,
    );
    expect(bars).toEqual([
      { label: '2026-06 · TORCH', fen: '8321918' },
      { label: '2026-06 · XIAOLAN', fen: '900719925476099301' },
      { label: '2026-07 · TORCH', fen: '1' },
    ]);
  });
});
