import { DataSource } from 'typeorm';
import {
  type ConsumerTuning,
  createKafka,
  type Kafka,
  type KafkaCredentials,
  EventProducer,
  KafkaEventTransport,
  OutboxRelay,
  PlumbingLogger,
} from '@riskpool/kafka';
import { ReadinessCheck } from './observability/observability.controller';

export interface EventingOptions {
  readonly serviceName: string;
  /** false: committed events stay in the outbox (OUTBOX_RELAY=disabled). */
  readonly publish?: boolean;
  readonly brokers: readonly string[];
  /** The service's principal; undefined: the process's KAFKA_SASL_* (libs/kafka createKafka). */
  readonly credentials?: KafkaCredentials | undefined;
  readonly databaseUrl: string;
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly consumer?: ConsumerSettings;
  readonly logger?: PlumbingLogger;
}

/** A service's consumer group and its settings where they are not the defaults. */
export interface ConsumerSettings {
  /** Default: the service's name. */
  readonly groupId?: string;
  readonly tuning?: ConsumerTuning;
  /** Most events per transaction (default 500). */
  readonly transactionSizeMax?: number;
}

/**
 * A service's Kafka side: the outbox relay that publishes what its transactions committed and
 * the consumer that applies others' events. Started after the HTTP server is ready, stopped
 * before the database closes.
 */
export class Eventing {
  readonly kafka: Kafka;
  readonly producer: EventProducer;
  readonly relay: OutboxRelay;
  /** The app's `@EventPattern` handlers' consumer (started by the app's startAllMicroservices). */
  readonly transport: KafkaEventTransport;
  private readonly publish: boolean;

  constructor(options: EventingOptions) {
    const groupId = options.consumer?.groupId ?? options.serviceName;
    this.publish = options.publish ?? true;
    this.kafka = createKafka({
      brokers: options.brokers,
      clientId: groupId,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.producer = new EventProducer(this.kafka);
    this.relay = new OutboxRelay({
      dataSource: options.dataSource,
      schema: options.schema,
      producer: this.producer,
      listenUrl: options.databaseUrl,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    const settings = options.consumer ?? {};
    this.transport = new KafkaEventTransport({
      kafka: this.kafka,
      dataSource: options.dataSource,
      schema: options.schema,
      groupId,
      producer: this.producer,
      ...(settings.tuning ? { tuning: settings.tuning } : {}),
      ...(settings.transactionSizeMax !== undefined
        ? { transactionSizeMax: settings.transactionSizeMax }
        : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /** The outbox relay (the consumer follows with the app's microservices). */
  async start(): Promise<void> {
    if (this.publish) await this.relay.start();
  }

  async stop(): Promise<void> {
    await this.transport.close();
    await this.relay.stop();
    await this.producer.disconnect();
  }

  readiness(): ReadinessCheck {
    return {
      name: 'kafka',
      check: async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          await admin.describeCluster();
        } finally {
          await admin.disconnect();
        }
      },
    };
  }
}

export function databaseReadiness(dataSource: DataSource): ReadinessCheck {
  return { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) };
}
