// What the ledger's integration suites share: a ledger started in the test process on a schema of
// its own (libs/testing testServiceEnv, plus the ledger's identity signing key and a signing
// key file from outside its database), and events produced onto their topics as their owners would.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import {
  createEvent,
  envelopeToWire,
  EventData,
  Identity,
  OutgoingEvent,
  TopicName,
  Topics,
  uuidv7,
} from '@riskpool/contracts';
import { createKafka, EventProducer, silentLogger } from '@riskpool/kafka';
import { RunningService, startService } from '@riskpool/service-kit';
import {
  closeAll,
  ensureLedgerKeyFile,
  gatewayHeaders,
  identitySigningEnv,
  type LedgerKeyFile,
  testInfra,
  testServiceEnv,
} from '@riskpool/testing';
import { LedgerConfig } from '../src/config/ledger.config';
import { LedgerWriter } from '../src/journal/ledger-writer';
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

/** Members of a fixture, read once its hooks have run (`name`s what is not started yet). */
function startedMember(name: string) {
  return <T>(member: T | undefined): T => {
    if (member === undefined) throw new Error(`${name} is not started yet`);
    return member;
  };
}

/** What a ledger file reaches the ledger's topics and database with (useLedgerClients). */
export interface LedgerClients {
  /** A producer as the test run's principal (connectedProducer). */
  readonly producer: EventProducer;
  /** The test database as its administrator (adminClient). */
  readonly admin: Client;
  /** Sends the events in this order, each to its topic. */
  send(...events: OutgoingEvent[]): Promise<void>;
}

/**
 * For the enclosing file or describe: a producer named `name` and an administrator client,
 * connected before its tests (and before the hooks registered after this call), closed after them.
 */
export function useLedgerClients(name: string): LedgerClients {
  const started = startedMember(`the clients of ${name}`);
  let producer: EventProducer | undefined;
  let admin: Client | undefined;
  beforeAll(async () => {
    admin = await adminClient();
    producer = await connectedProducer(name);
  });
  afterAll(() => closeAll(producer, admin));
  return {
    get producer() {
      return started(producer);
    },
    get admin() {
      return started(admin);
    },
    send: (...events) => sendEvents(started(producer), ...events),
  };
}

/** A ledger file's running ledger and its clients (useLedger). */
export interface LedgerFixture extends LedgerClients {
  readonly service: RunningService<LedgerConfig>;
  /** A folder of the file's own: the signing key's, and for the files the tests write. */
  readonly dir: string;
  readonly signingKey: LedgerKeyFile;
  /** Stops the ledger and starts it again, on the same schema, key and settings. */
  restart(): Promise<void>;
}

/**
 * For the enclosing file or describe: useLedgerClients(`name`), and a ledger named `name` on
 * `schema` with a signing key of its own and `env` (read once, before it starts), started before
 * its tests (and before the hooks registered after this call) and stopped after them.
 */
export function useLedger(
  schema: string,
  name: string,
  env: Record<string, string> | (() => Promise<Record<string, string>>) = {},
): LedgerFixture {
  const clients = useLedgerClients(name);
  const started = startedMember(`the ledger ${name}`);
  let dir: string | undefined;
  let signingKey: LedgerKeyFile | undefined;
  let settings: Record<string, string> | undefined;
  let service: RunningService<LedgerConfig> | undefined;
  const start = async () => {
    service = await startLedger(schema, name, started(signingKey).file, started(settings));
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `${name}-it-`));
    signingKey = ensureLedgerKeyFile(dir);
    settings = typeof env === 'function' ? await env() : env;
    await start();
  });
  afterAll(() => closeAll(service));
  return {
    get producer() {
      return clients.producer;
    },
    get admin() {
      return clients.admin;
    },
    send: clients.send,
    get service() {
      return started(service);
    },
    get dir() {
      return started(dir);
    },
    get signingKey() {
      return started(signingKey);
    },
    restart: async () => {
      await started(service).stop();
      service = undefined;
      await start();
    },
  };
}

/** An event as its owner (`source`, pool-allocation unless named) would publish it. */
export function upstreamEvent<T extends TopicName>(
  topic: T,
  subject: string,
  data: EventData<T>,
  source = 'pool-allocation',
): OutgoingEvent<T> {
  return createEvent({ topic, source, subject, data });
}

/** A deposit into `fundId` as pool-allocation announces it. */
export const fundDeposit = (fundId: string, amountFen: string, depositedBy = 'it') =>
  upstreamEvent(Topics.fundDeposited, fundId, {
    depositId: uuidv7(),
    fundId,
    amountFen,
    depositedBy,
    depositedAt: new Date().toISOString(),
    availableAfterFen: '0',
  });

/** What a hold event says of its hold: the claim's hold on one fund (`<claimId>:<fundId>`). */
const holdFields = (claimId: string, loanId: string, fundId: string, amountFen: string) => ({
  holdId: `${claimId}:${fundId}`,
  fundId,
  claimId,
  loanId,
  amountFen,
});

/** A hold a claim's opening places on a fund. */
export const holdPlaced = (claimId: string, loanId: string, fundId: string, amountFen: string) =>
  upstreamEvent(Topics.holdPlaced, loanId, {
    ...holdFields(claimId, loanId, fundId, amountFen),
    cause: 'CLAIM_OPENED',
    placedAt: new Date().toISOString(),
  });

/** A claim's hold on a fund released in part, as pool-allocation announces an adjustment. */
export const holdReleased = (claimId: string, loanId: string, fundId: string, amountFen: string) =>
  upstreamEvent(Topics.holdReleased, loanId, {
    ...holdFields(claimId, loanId, fundId, amountFen),
    reason: 'CLAIM_ADJUSTED',
    releasedAt: new Date().toISOString(),
  });

/** Settlement's payout of a claim's approved share from one fund. */
export const payoutCompleted = (
  claim: { claimId: string; loanId: string; bankId: string },
  fundId: string,
  amountFen: string,
) =>
  upstreamEvent(
    Topics.payoutCompleted,
    claim.loanId,
    {
      payoutId: uuidv7().replace(/-/g, ''),
      ...claim,
      defaultId: `D-${claim.loanId}`,
      fundId,
      amountFen,
      source: 'APPROVED_SHARE' as const,
      rail: 'SIMULATED' as const,
      railReference: 'sim',
      attempts: 1,
      completedAt: new Date().toISOString(),
    },
    'settlement',
  );

/**
 * Pool-allocation sharing the claim's first recovery: `owed` as [fundId, fen] per fund (the change
 * is the whole cumulative amount the first time), the bank keeping `bankPartFen`.
 */
export const recoveryShared = (
  claim: ClaimOf,
  recovery: {
    cumulativeNetFen: string;
    owed: ReadonlyArray<readonly [fundId: string, owedFen: string]>;
    bankPartFen: string;
    dueOn: string;
    policyVersionId: string;
  },
) =>
  upstreamEvent(Topics.recoveryShared, claim.loanId, {
    recoveryId: uuidv7(),
    ...claim,
    ...recovery,
    owed: recovery.owed.map(([fundId, owedFen]) => ({
      fundId,
      cumulativeOwedFen: owedFen,
      changeFen: owedFen,
    })),
  });

/**
 * Settlement's remittance of `amountFen` from the claim's bank into `fundId`, `matchedFen` of it
 * against the claim's recovery and the rest overpaid.
 */
export const remittanceReceived = (
  claim: { claimId: string; loanId: string; bankId: string },
  fundId: string,
  amountFen: string,
  matchedFen: string,
  receivedOn: string,
) =>
  upstreamEvent(
    Topics.remittanceReceived,
    claim.bankId,
    {
      remittanceId: uuidv7(),
      bankId: claim.bankId,
      fundId,
      amountFen,
      matched: [
        {
          recoveryId: uuidv7(),
          claimId: claim.claimId,
          loanId: claim.loanId,
          amountFen: matchedFen,
        },
      ],
      overpaidFen: (BigInt(amountFen) - BigInt(matchedFen)).toString(),
      receivedOn,
    },
    'settlement',
  );

/** An identity as the gateway signs it for the ledger (a fresh request id). */
export function who(role: Identity['role'], scope: string | null, businessDate: string): Identity {
  return { role, scope, keyId: `k-${role}`, businessDate, requestId: uuidv7() };
}

/** GET `path` on the ledger at `url` as `identity` (a fresh request id each call). */
export const ledgerGet = (url: string, path: string, identity: Identity) =>
  request(url)
    .get(path)
    .set(gatewayHeaders({ ...identity, requestId: uuidv7() }, 'ledger', 'GET', path));

/** Sends `event` and waits (bounded) until `service`'s writer has booked it. */
export async function sendAndWaitBooked(
  producer: EventProducer,
  service: RunningService<LedgerConfig>,
  event: OutgoingEvent,
): Promise<void> {
  await sendEvents(producer, event);
  const writer = service.app.get(LedgerWriter);
  const deadline = Date.now() + 60_000;
  while (writer.ledgerState.event(event.envelope.id) === undefined) {
    if (Date.now() > deadline) throw new Error(`${event.topic} was not booked`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** GET /ledger/export as `identity`, its body read as text. */
export const exportRequest = (url: string, identity: Identity) =>
  ledgerGet(url, '/ledger/export', identity)
    .buffer(true)
    .parse((res, done) => {
      // Decoded as a stream: a character split across two chunks stays whole.
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });

/** A deposit into a subsidy fund as the subsidy service announces it. */
export const subsidyFundDeposit = (fundId: string, amountFen: string) =>
  upstreamEvent(
    Topics.subsidyFundDeposited,
    fundId,
    {
      depositId: uuidv7(),
      fundId,
      amountFen,
      depositedBy: `fund-manager:${fundId}`,
      depositedAt: new Date().toISOString(),
      availableAfterFen: amountFen,
    },
    'subsidy',
  );

/** The gateway's business clock moving to `businessDate`. */
export const businessClock = (businessDate: string, previousBusinessDate: string | null) =>
  upstreamEvent(
    Topics.gatewayBusinessDateChanged,
    'business-clock',
    { businessDate, previousBusinessDate, changedAt: new Date().toISOString() },
    'gateway',
  );

/** A connected client of the test database as its administrator (for reads behind the ledger). */
export async function adminClient(): Promise<Client> {
  const client = new Client({ connectionString: testInfra().databaseUrl });
  await client.connect();
  return client;
}

type ClaimOpened = EventData<typeof Topics.claimOpened>;
type ClaimApproved = EventData<typeof Topics.claimApproved>;
/** A claim's amounts as pool-allocation computes them (basis, rate, pool, shares, policies). */
export type ClaimComputation = Omit<
  ClaimApproved,
  'claimId' | 'loanId' | 'bankId' | 'defaultId' | 'approvedOn'
>;
/** Whose claim: its id, its loan and the loan's bank (the default is `D-<loanId>`). */
export interface ClaimOf {
  claimId: string;
  loanId: string;
  bankId: string;
}

/** Pool-allocation opening the claim on the default of `claim.loanId`. */
export const claimOpened = (
  claim: ClaimOf,
  opening: Pick<ClaimOpened, 'townCode' | 'status' | 'openedOn'>,
  computation: ClaimComputation,
) =>
  upstreamEvent(Topics.claimOpened, claim.loanId, {
    ...claim,
    defaultId: `D-${claim.loanId}`,
    ...opening,
    ...computation,
  });

/** Pool-allocation approving the claim on `approvedOn`. */
export const claimApproved = (claim: ClaimOf, approvedOn: string, computation: ClaimComputation) =>
  upstreamEvent(Topics.claimApproved, claim.loanId, {
    ...claim,
    defaultId: `D-${claim.loanId}`,
    approvedOn,
    ...computation,
  });
