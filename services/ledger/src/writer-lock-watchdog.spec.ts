import { watchWriterLock } from './writer-lock-watchdog';

describe('watchWriterLock', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls onLost once when the lock, once held, is lost', () => {
    const writer = { holdsLock: true };
    const onLost = jest.fn();
    watchWriterLock(writer, onLost, 100);
    jest.advanceTimersByTime(1_000);
    expect(onLost).not.toHaveBeenCalled();
    writer.holdsLock = false;
    jest.advanceTimersByTime(100);
    expect(onLost).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1_000);
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('does nothing before the lock is first held, nor after it stops watching', () => {
    const writer = { holdsLock: false };
    const onLost = jest.fn();
    const stop = watchWriterLock(writer, onLost, 100);
    jest.advanceTimersByTime(1_000);
    expect(onLost).not.toHaveBeenCalled();
    writer.holdsLock = true;
    jest.advanceTimersByTime(100);
    stop();
    writer.holdsLock = false;
    jest.advanceTimersByTime(1_000);
    expect(onLost).not.toHaveBeenCalled();
  });
});
