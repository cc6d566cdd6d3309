import { parseArgs } from './verify';

describe('verify command arguments', () => {
  it('takes --workers (0 = one thread) and refuses a bad count', () => {
    expect(parseArgs(['--export', 'e.jsonl', '--public-key', 'k.pem'])).toEqual({
      exportFile: 'e.jsonl',
      publicKeyFile: 'k.pem',
    });
    expect(parseArgs(['--export=e.jsonl', '--public-key=k.pem', '--workers', '0'])).toEqual({
      exportFile: 'e.jsonl',
      publicKeyFile: 'k.pem',
      workers: 0,
    });
    expect(parseArgs(['--export', 'e', '--public-key', 'k', '--workers=3'])).toMatchObject({
      workers: 3,
    });
    expect(parseArgs(['--export', 'e', '--public-key', 'k', '--workers', 'x'])).toMatch(/usage/);
    expect(parseArgs(['--export', 'e'])).toMatch(/usage/);
  });
});
