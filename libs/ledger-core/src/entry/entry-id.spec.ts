import { deriveEntryId } from './entry-id';
import { isUuid } from './journal-entry';

describe('deriveEntryId', () => {
  it('is a deterministic RFC 9562 version 8 UUID', () => {
    const id = deriveEntryId('ev-1', 0);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('8');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(deriveEntryId('ev-1', 0)).toBe(id);
    expect(deriveEntryId('ev-1', 1)).not.toBe(id);
    expect(deriveEntryId('ev-2', 0)).not.toBe(id);
  });

  it('refuses bad input', () => {
    expect(() => deriveEntryId('', 0)).toThrow(TypeError);
    expect(() => deriveEntryId('ev', -1)).toThrow(RangeError);
  });
});
