import { ProblemException } from '@riskpool/service-kit';
import { parseTime } from './ledger.http.controller';

describe('ledger query times', () => {
  it('reads an ISO 8601 time', () => {
    expect(parseTime('2026-03-01T08:00:00Z', 'from')).toBe('2026-03-01T08:00:00.000Z');
    expect(parseTime(undefined, 'from')).toBeUndefined();
  });

  it('refuses years PostgreSQL cannot store as a 400 naming the field, not a 500', () => {
    for (const value of ['0000-01-01', '-271821-04-20T00:00:00Z', '+275760-09-13', 'yesterday']) {
      let refused: unknown;
      try {
        parseTime(value, 'asOf');
      } catch (error) {
        refused = error;
      }
      expect([value, (refused as ProblemException | undefined)?.getStatus()]).toEqual([value, 400]);
      expect((refused as ProblemException).errors.map((e) => e.field)).toEqual(['asOf']);
    }
  });
});
