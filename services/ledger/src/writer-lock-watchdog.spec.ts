import { watchWriterLock } from './writer-lock-watchdog';

describe('watchWriterLock', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls onLost once when the lock session ends', () => {
    const writer = { lockLost: false };
    const onLost = jest.fn();
    watchWriterLock(writer, onLost, 100);
    jest.advanceTimersByTime(1_000);
    expect(onLost).not.toHaveBeenCalled();
    writer.lockLost = true;
    jest.advanceTimersByTime(100);
    expect(onLost).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1_000);
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('calls onLost when the session ended before the watch began (lost during start-up)', () => {
    const onLost = jest.fn();
    watchWriterLock({ lockLost: true }, onLost, 100);
    jest.advanceTimersByTime(100);
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('does nothing while waiting for the lock, nor after it stops watching', () => {
    const writer = { lockLost: false };
    const onLost = jest.fn();
    const stop = watchWriterLock(writer, onLost, 100);
    jest.advanceTimersByTime(1_000);
    expect(onLost).not.toHaveBeenCalled();
    stop();
    writer.lockLost = true;
    jest.advanceTimersByTime(1_000);
    expect(onLost).not.toHaveBeenCalled();
  });
});
