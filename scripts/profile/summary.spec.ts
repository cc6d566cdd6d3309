import { bucketOf, summarise } from './summary';

describe('CPU profile summary', () => {
  it('buckets frames by package, node internals, the project and V8', () => {
    expect(bucketOf('file:///r/node_modules/kafkajs/src/network/connection.js', 'f')).toBe(
      'kafkajs',
    );
    expect(bucketOf('file:///r/node_modules/@nestjs/core/router.js', 'f')).toBe('@nestjs/core');
    expect(bucketOf('node:internal/timers', 'listOnTimeout')).toBe('node:internal');
    expect(bucketOf('file:///r/dist/services/ledger/src/main.js', 'f')).toBe('services/ledger');
    expect(bucketOf('', '(garbage collector)')).toBe('(gc)');
    expect(bucketOf('', '(idle)')).toBe('(idle)');
  });

  it("sums self time per bucket, and only the last seconds' samples when asked", () => {
    const frame = (id: number, functionName: string, url: string) => ({
      id,
      callFrame: { functionName, url, lineNumber: 0 },
    });
    const profile = {
      nodes: [
        frame(1, '(root)', ''),
        frame(2, 'poll', 'file:///r/node_modules/kafkajs/a.js'),
        frame(3, '(idle)', ''),
      ],
      // 4 s of kafkajs, then 6 s idle, then 1 s kafkajs (microseconds).
      samples: [2, 3, 2],
      timeDeltas: [4_000_000, 6_000_000, 1_000_000],
      startTime: 0,
      endTime: 11_000_000,
    };
    const whole = summarise('p', profile, 5);
    expect(whole.busyMs).toBe(5000);
    expect(whole.buckets).toEqual(
      expect.arrayContaining([
        ['kafkajs', 5000],
        ['(idle)', 6000],
      ]),
    );
    const last = summarise('p', profile, 5, 3);
    expect(last.wallMs).toBe(3000);
    expect(last.busyMs).toBe(1000);
  });
});
