import { fundKindOf } from './create-fund.handler';

describe('fundKindOf', () => {
  it('tells the city fund, town funds and other funds apart', () => {
    expect(fundKindOf('CITY')).toEqual({ kind: 'CITY', townCode: null });
    expect(fundKindOf('TOWN:XIAOLAN')).toEqual({ kind: 'TOWN', townCode: 'XIAOLAN' });
    expect(fundKindOf('PROVINCE')).toEqual({ kind: 'OTHER', townCode: null });
  });
});
