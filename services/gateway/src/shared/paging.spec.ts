import { ProblemException } from '@riskpool/service-kit';
import { decodeCursor, encodeCursor } from './paging';

function refusal(cursor: string): ProblemException | undefined {
  try {
    decodeCursor(cursor);
    return undefined;
  } catch (error) {
    return error as ProblemException;
  }
}

describe('gateway paging cursors', () => {
  it('decodes the cursors it issues', () => {
    expect(decodeCursor(encodeCursor('ZSBANK'))).toBe('ZSBANK');
    expect(decodeCursor(encodeCursor('k3y1d'))).toBe('k3y1d');
  });

  it('refuses cursors it did not issue as a 400 naming `cursor` (NUL would be a 500 from PostgreSQL)', () => {
    for (const cursor of ['AAAA', 'AA', '____', '-_-_', '_w', 'A'.repeat(200)]) {
      const problem = refusal(cursor);
      expect([cursor, problem?.getStatus()]).toEqual([cursor, 400]);
      expect(problem?.errors.map((e) => e.field)).toEqual(['cursor']);
    }
  });
});
