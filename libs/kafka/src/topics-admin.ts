import { retentionMsOf } from '@riskpool/contracts';

/**
 * The settings of a topic at creation: retention from @riskpool/contracts (business topics kept
 * for the programme's life); `min.insync.replicas` 2 with replication factor 3, so that an
 * acknowledged (`acks=all`) write is on two brokers.
 */
export function topicConfigEntries(
  topic: string,
  minInsyncReplicas = 1,
): { name: string; value: string }[] {
  return [
    { name: 'retention.ms', value: String(retentionMsOf(topic)) },
    { name: 'retention.bytes', value: '-1' },
    { name: 'min.insync.replicas', value: String(minInsyncReplicas) },
  ];
}
