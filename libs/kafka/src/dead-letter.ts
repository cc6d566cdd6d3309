import { deadLetterTopicOf } from '@riskpool/contracts';
import { ProducerMessage } from './event-producer';

export type DeadLetterCause = 'MALFORMED' | 'PROCESSING_FAILED';

export interface DeadLetterInput {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly consumer: string;
  readonly cause: DeadLetterCause;
  readonly reason: string;
  readonly attempts: number;
}

/** The original message, untouched, plus headers that say where it came from and why it failed. */
export function deadLetterMessage(input: DeadLetterInput): ProducerMessage {
  return {
    topic: deadLetterTopicOf(input.topic),
    key: input.key ?? '',
    value: input.value ?? '',
    headers: {
      ...input.headers,
      dlq_cause: input.cause,
      dlq_reason: input.reason.slice(0, 4000),
      dlq_source_topic: input.topic,
      dlq_source_partition: String(input.partition),
      dlq_source_offset: input.offset,
      dlq_consumer: input.consumer,
      dlq_attempts: String(input.attempts),
      dlq_failed_at: new Date().toISOString(),
    },
  };
}
