import { SeenIdentities } from './seen-identities';

describe('seen identities', () => {
  it('accepts an id once and refuses it again', () => {
    const seen = new SeenIdentities(10);
    expect(seen.firstSight('a')).toBe(true);
    expect(seen.firstSight('b')).toBe(true);
    expect(seen.firstSight('a')).toBe(false);
  });

  it('stays within its capacity, forgetting the oldest first', () => {
    const seen = new SeenIdentities(3);
    for (const id of ['a', 'b', 'c', 'd']) seen.firstSight(id);
    expect(seen.size).toBe(3);
    expect(seen.firstSight('d')).toBe(false);
    expect(seen.firstSight('a')).toBe(true);
  });
});
