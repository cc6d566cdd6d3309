// The Kafka ACLs are made from libs/contracts topic-access.ts; this keeps that table true to the
// code. A service subscribes to exactly the topics the table says it consumes (its controllers'
// @EventPattern handlers, the ledger's @BatchEventPattern), and the topics its code names are ones it consumes or produces; every
// topic the table gives it to produce is one its code names. A drift fails here instead of as a
// TOPIC_AUTHORIZATION_FAILED at run time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  KAFKA_SERVICES,
  type KafkaService,
  SERVICE_CONSUMES,
  TOPIC_PRODUCER,
  type TopicName,
  Topics,
} from '@riskpool/contracts';
import { type DeclaredPattern, eventPatternsOf } from '@riskpool/kafka';
import { controllersOf, type ServiceConfig, type ServiceDefinition } from '@riskpool/service-kit';
import { defaultEventsDefinition } from '../../services/default-events/src/default-events.service-definition';
import { gatewayDefinition } from '../../services/gateway/src/gateway.service-definition';
import { ledgerServiceDefinition } from '../../services/ledger/src/ledger.service-definition';
import { loanRegistryDefinition } from '../../services/loan-registry/src/loan-registry.service-definition';
import { poolAllocationDefinition } from '../../services/pool-allocation/src/pool-allocation.service-definition';
import { settlementServiceDefinition } from '../../services/settlement/src/settlement.service-definition';
import { subsidyDefinition } from '../../services/subsidy/src/subsidy.service-definition';

const REPO = path.resolve(__dirname, '..', '..');

/** Its controllers' `@EventPattern` handlers: what KafkaEventTransport subscribes to. */
const handlersOf =
  <C extends ServiceConfig>(definition: ServiceDefinition<C>) =>
  () =>
    eventPatternsOf(controllersOf(definition));

const HANDLERS: Record<KafkaService, () => DeclaredPattern[]> = {
  gateway: handlersOf(gatewayDefinition),
  'loan-registry': handlersOf(loanRegistryDefinition),
  'default-events': handlersOf(defaultEventsDefinition),
  'pool-allocation': handlersOf(poolAllocationDefinition),
  settlement: handlersOf(settlementServiceDefinition),
  ledger: handlersOf(ledgerServiceDefinition),
  subsidy: handlersOf(subsidyDefinition),
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [file] : [];
  });
}

/** Every topic a service's source names (`Topics.<key>`). */
function namedTopics(service: KafkaService): Set<string> {
  const named = new Set<string>();
  for (const file of sourceFiles(path.join(REPO, 'services', service, 'src')))
    for (const [, key] of fs.readFileSync(file, 'utf8').matchAll(/\bTopics\.(\w+)/g)) {
      const topic = (Topics as Record<string, string>)[key as string];
      if (topic === undefined) throw new Error(`${file}: Topics.${key} is not a topic`);
      named.add(topic);
    }
  return named;
}

const producedBy = (service: KafkaService): string[] =>
  (Object.keys(TOPIC_PRODUCER) as TopicName[]).filter((t) => TOPIC_PRODUCER[t] === service);

describe.each(KAFKA_SERVICES.map((service) => [service]))('%s', (service) => {
  const name = service as KafkaService;

  it('subscribes to exactly the topics topic-access.ts says it consumes', () => {
    const subscribed = HANDLERS[name]().map(({ topic }) => topic);
    expect(subscribed.sort()).toEqual([...SERVICE_CONSUMES[name]].sort());
  });

  it('gives each per-event handler its unit of work (@Ctx())', () => {
    const missing = HANDLERS[name]().filter((h) => !h.batch && !h.takesContext);
    expect(missing.map((h) => h.handler)).toEqual([]);
  });

  it('names only topics it consumes or produces, and every topic it produces', () => {
    const named = namedTopics(name);
    const allowed = new Set<string>([...SERVICE_CONSUMES[name], ...producedBy(name)]);
    expect([...named].filter((topic) => !allowed.has(topic)).sort()).toEqual([]);
    expect(producedBy(name).filter((topic) => !named.has(topic))).toEqual([]);
  });
});
