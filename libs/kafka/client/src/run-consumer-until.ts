import type { Consumer, ConsumerRunConfig } from 'kafkajs';

/**
 * Runs `consumer` with the handlers `config` makes until they call `done`; rejects when the run
 * fails or after `timeoutMs` (with `timeoutMessage()`, read then). The caller disconnects.
 */
export function runConsumerUntil(
  consumer: Consumer,
  config: (done: () => void) => ConsumerRunConfig,
  options: { timeoutMs: number; timeoutMessage: () => string },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(options.timeoutMessage())), options.timeoutMs);
    consumer
      .run(
        config(() => {
          clearTimeout(timer);
          resolve();
        }),
      )
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
}
