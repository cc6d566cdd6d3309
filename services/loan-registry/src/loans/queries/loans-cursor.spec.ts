import { ProblemException } from '@riskpool/service-kit';
import { decodeCursor } from './loans.http.controller';

describe('loan list cursors', () => {
  it('decodes a cursor made from a loan id', () => {
    const loanId = '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10';
    expect(decodeCursor(Buffer.from(loanId, 'utf8').toString('base64url'))).toBe(loanId);
  });

  it('refuses a cursor that decodes to NUL bytes or junk as a 400 naming `cursor`, not a 500', () => {
    for (const cursor of ['AAAA', '____', '-_-_', 'A'.repeat(200)]) {
      let refused: unknown;
      try {
        decodeCursor(cursor);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(ProblemException);
      expect((refused as ProblemException).getStatus()).toBe(400);
      expect((refused as ProblemException).errors.map((e) => e.field)).toEqual(['cursor']);
    }
  });
});
