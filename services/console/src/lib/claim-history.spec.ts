import { describeActor, describeEntry } from './claim-history';

describe('a claim history in words', () => {
  it('names who acted', () => {
    expect(describeActor('en', 'fund-manager:CITY')).toBe("The CITY fund's manager");
    expect(describeActor('zh-CN', 'fund-manager:TOWN:TORCH')).toBe('TOWN:TORCH 基金经理');
    expect(describeActor('en', 'event:credit.default-reported.v1', 'B1')).toBe('Bank B1');
    expect(describeActor('en', 'event:settlement.payout-completed.v1')).toBe('Settlement');
  });

  it('says what was done with the amounts in yuan, never raw JSON or fen', () => {
    const opened = describeEntry(
      'en',
      {
        action: 'OPENED',
        actor: 'event:credit.default-reported.v1',
        detail: { basisFen: '600000000', rateBp: 8000, poolFen: '480000000' },
      },
      'B1',
    );
    expect(opened).toBe(
      'Bank B1 reported the default; the claim opened with basis ¥6,000,000.00, rate 80.00% and ¥4,800,000.00 from the pool',
    );
    const approved = describeEntry('en', {
      action: 'APPROVED',
      actor: 'fund-manager:TOWN:TORCH',
      detail: {
        shares: [
          { fundId: 'CITY', shareFen: '240000000' },
          { fundId: 'TOWN:TORCH', shareFen: '240000000' },
        ],
      },
    });
    expect(approved).toBe(
      'Every fund approved; the claim is approved: CITY ¥2,400,000.00, TOWN:TORCH ¥2,400,000.00',
    );
    const denied = describeEntry('zh-CN', {
      action: 'DENIED',
      actor: 'fund-manager:CITY',
      detail: { fundId: 'CITY', reason: '材料不全' },
    });
    expect(denied).toBe('CITY 基金经理 代表 CITY 拒绝了理赔（理由：材料不全）');
    for (const text of [opened, approved, denied]) {
      expect(text).not.toMatch(/[{}"]/);
      expect(text).not.toMatch(/Fen\b/);
    }
  });

  it('still gives the name and the amounts in yuan for a step it does not know', () => {
    expect(
      describeEntry('en', {
        action: 'SOMETHING_NEW',
        actor: 'fund-manager:CITY',
        detail: { extraFen: '12345', note: 'x' },
      }),
    ).toBe("The CITY fund's manager: SOMETHING_NEW, extra ¥123.45");
  });
});
