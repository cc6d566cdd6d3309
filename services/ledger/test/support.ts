// What the ledger's integration suites share: a ledger started in the test process on a schema of
// its own (libs/testing testServiceEnv, plus the ledger's identity signing key and a signing
// key file from outside its database), and events produced onto their topics as their owners would.
import { envelopeToWire, OutgoingEvent } from '@riskpool/contracts';
import { createKafka, EventProducer, silentLogger } from '@riskpool/kafka';
import { RunningService, startService } from '@riskpool/service-kit';
import { identitySigningEnv, testInfra, testServiceEnv } from '@riskpool/testing';
import { LedgerConfig } from '../src/config/ledger.config';
import { ledgerDefinition } from '../src/ledger.service-definition';

export { eventually as waitFor } from '@riskpool/testing';

/** A ledger named `name` on `schema` (its consumer group too, unless `env` names another). */
export async function startLedger(
  schema: string,
  name: string,
  signingKeyFile: string,
  env: Record<string, string> = {},
): Promise<RunningService<LedgerConfig>> {
  return startService(
    ledgerDefinition({ name, schema }),
    await testServiceEnv({
      ...identitySigningEnv(),
      LEDGER_SIGNING_KEY_FILE: signingKeyFile,
      LEDGER_CONSUMER_GROUP: name,
      ...env,
    }),
  );
}

/** A connected producer as the test run's principal (the owner of every topic). */
export async function connectedProducer(clientId: string): Promise<EventProducer> {
  const producer = new EventProducer(
    createKafka({ brokers: testInfra().brokers, clientId, logger: silentLogger }),
  );
  await producer.connect();
  return producer;
}

/** Sends the events in this order, each to its topic. */
export async function sendEvents(
  producer: EventProducer,
  ...events: OutgoingEvent[]
): Promise<void> {
  await producer.send(events.map((e) => ({ topic: e.topic, ...envelopeToWire(e.envelope) })));
}
