import fc from 'fast-check';
import { GrantToPay, planSubsidyPayments } from './subsidy-payment-plan';

const grant = (over: Partial<GrantToPay>): GrantToPay => ({
  reportId: 'R1',
  loanId: 'L1',
  bankId: 'B1',
  uscc: 'E1',
  fundId: 'SUBSIDY:CITY',
  grantedFen: '100',
  payeeAccountNo: '6222000011112222',
  payeeAccountName: 'E1 Ltd',
  ...over,
});

describe('planSubsidyPayments', () => {
  it('sums an enterprise grants per payee account and pays nothing for a grant all lapsed', () => {
    const plan = planSubsidyPayments([
      grant({}),
      grant({ fundId: 'SUBSIDY:TOWN:XIAOLAN', grantedFen: '50' }),
      grant({ reportId: 'R2', loanId: 'L2', grantedFen: '7' }),
      grant({ uscc: 'E2', grantedFen: '0' }),
      grant({ reportId: 'R3', payeeAccountNo: '6222000099998888', grantedFen: '3' }),
    ]);
    expect(plan.map((p) => [p.uscc, p.accountNo, p.amountFen, p.parts.length])).toEqual([
      ['E1', '6222000011112222', 157n, 3],
      ['E1', '6222000099998888', 3n, 1],
    ]);
  });

  it('pays exactly what was granted, once per grant (property)', () => {
    const grants = fc.array(
      fc.record({
        reportId: fc.uuid(),
        uscc: fc.constantFrom('E1', 'E2', 'E3'),
        payeeAccountNo: fc.constantFrom('6222000011112222', '6222000099998888'),
        fundId: fc.constantFrom('SUBSIDY:CITY', 'SUBSIDY:TOWN:A'),
        grantedFen: fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(grants, (list) => {
        const plan = planSubsidyPayments(list.map((g) => grant(g)));
        const granted = list.reduce((s, g) => s + BigInt(g.grantedFen), 0n);
        const paid = plan.reduce((s, p) => s + p.amountFen, 0n);
        const keys = plan.map((p) => `${p.uscc}|${p.accountNo}`);
        return (
          paid === granted &&
          new Set(keys).size === keys.length &&
          plan.every(
            (p) =>
              p.amountFen > 0n &&
              p.parts.reduce((s, x) => s + x.amountFen, 0n) === p.amountFen &&
              p.parts.every((x) => x.amountFen > 0n),
          )
        );
      }),
    );
  });
});
