import { Counter, Gauge, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[] = []): Counter {
  return (
    (register.getSingleMetric(name) as Counter | undefined) ??
    new Counter({ name, help, labelNames })
  );
}
function gauge(name: string, help: string): Gauge {
  return (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help });
}

/** The writer's metrics, registered once per process however many writers it starts. */
export const ledgerMetrics = {
  conflicts: () =>
    counter('riskpool_ledger_event_conflicts_total', 'Events refused: same id, different content', [
      'type',
    ]),
  rejected: () =>
    counter('riskpool_ledger_events_rejected_total', 'Events refused by the ledger rules', [
      'code',
    ]),
  parked: () => gauge('riskpool_ledger_parked_events', 'Events waiting for a hold or a deposit'),
  entries: () => counter('riskpool_ledger_entries_total', 'Journal entries appended'),
  postings: () => counter('riskpool_ledger_postings_total', 'Postings appended'),
  checkpoints: () => counter('riskpool_ledger_checkpoints_total', 'Checkpoints signed'),
  treeSize: () => gauge('riskpool_ledger_tree_size', 'Entries in the journal'),
};
