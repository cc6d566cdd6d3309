import { todayInShanghai } from './clock.service';

describe('todayInShanghai', () => {
  it('turns the date at midnight China Standard Time (16:00 UTC), whatever was asked before', () => {
    expect(todayInShanghai(new Date('2026-12-05T15:59:00.000Z'))).toBe('2026-12-05');
    expect(todayInShanghai(new Date('2026-12-05T15:59:59.999Z'))).toBe('2026-12-05');
    expect(todayInShanghai(new Date('2026-12-05T16:00:00.000Z'))).toBe('2026-12-06');
    expect(todayInShanghai(new Date('2026-12-05T15:59:30.000Z'))).toBe('2026-12-05');
  });

  it('answers any moment, in any order', () => {
    expect(todayInShanghai(new Date('2026-01-01T00:00:00.000Z'))).toBe('2026-01-01');
    expect(todayInShanghai(new Date('2025-12-31T15:59:59.000Z'))).toBe('2025-12-31');
    expect(todayInShanghai(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01-01');
  });
});
