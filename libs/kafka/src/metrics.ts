import { Counter, Gauge, register } from 'prom-client';

// prom-client refuses to register a name twice; several consumers in one process share a metric.
function counter(name: string, help: string, labelNames: string[]): Counter {
  return (
    (register.getSingleMetric(name) as Counter | undefined) ??
    new Counter({ name, help, labelNames })
  );
}

function gauge(name: string, help: string, labelNames: string[]): Gauge {
  return (
    (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help, labelNames })
  );
}

export const kafkaMetrics = {
  consumed: () =>
    counter('riskpool_events_consumed_total', 'Events applied by a consumer', [
      'consumer',
      'topic',
    ]),
  duplicates: () =>
    counter('riskpool_events_duplicate_total', 'Events skipped because the inbox had them', [
      'consumer',
      'topic',
    ]),
  deadLettered: () =>
    counter('riskpool_events_dead_lettered_total', 'Events sent to a dead-letter topic', [
      'consumer',
      'topic',
      'cause',
    ]),
  published: () =>
    counter('riskpool_outbox_published_total', 'Events published from an outbox', ['schema']),
  relayErrors: () =>
    counter('riskpool_outbox_relay_errors_total', 'Failed outbox relay rounds', ['schema']),
  consumerLagRounds: () =>
    gauge('riskpool_consumer_last_batch_size', 'Size of the last batch a consumer applied', [
      'consumer',
    ]),
};
