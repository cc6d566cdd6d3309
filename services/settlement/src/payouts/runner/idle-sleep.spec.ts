import { idleSleepMs, LISTENING_IDLE_MS_MAX } from './payment-runner';

const listeningSimulated = { listening: true, railReportsLater: false, pollIntervalMs: 200 };

describe('how long an idle payment runner sleeps', () => {
  it.each([
    { untilDueMs: undefined, sleeps: LISTENING_IDLE_MS_MAX, why: 'nothing waits: the safety net' },
    { untilDueMs: 60_000, sleeps: LISTENING_IDLE_MS_MAX, why: 'a lease ends in a minute' },
    { untilDueMs: 1_500, sleeps: 1_500, why: 'a retry falls due in 1.5 s: then' },
    { untilDueMs: 50, sleeps: 200, why: 'a retry almost due: the poll interval at least' },
    { untilDueMs: 0, sleeps: 200, why: 'due now but taken by another instance' },
  ])('listening, simulated rail, $why', ({ untilDueMs, sleeps }) => {
    expect(idleSleepMs({ ...listeningSimulated, untilDueMs })).toBe(sleeps);
  });

  it('polls at the interval while no LISTEN is up, whatever is due', () => {
    expect(idleSleepMs({ ...listeningSimulated, listening: false, untilDueMs: 3_000 })).toBe(200);
  });

  it('polls at the interval for a rail whose status reports come later (files)', () => {
    expect(
      idleSleepMs({ ...listeningSimulated, railReportsLater: true, untilDueMs: undefined }),
    ).toBe(200);
  });

  it('keeps a poll interval longer than the safety net', () => {
    expect(idleSleepMs({ ...listeningSimulated, pollIntervalMs: 600_000, untilDueMs: 3_000 })).toBe(
      600_000,
    );
  });
});
