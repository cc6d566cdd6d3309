// What a service's own integration suite starts before its tests: the service in the test process,
// a producer of upstream events as their owners would send them, a reader of the service's topics,
// and the two test policy versions published. Each service's test/support.ts names its target.
import { EventData, Identity, Topics } from '@riskpool/contracts';
import { signedCall, testPolicies, TopicReader, UpstreamEvents } from './service-harness';
import { testServiceEnv } from './service-under-test';
import { testInfra } from './test-infra';

type PolicyPublished = EventData<typeof Topics.policyPublished>;
type PolicyTerms = PolicyPublished['policy'];

/** A running service as a suite uses it (service-kit's RunningService fits). */
export interface SuiteService {
  readonly url: string;
  stop(): Promise<void>;
}

export interface ServiceSuite<S extends SuiteService> {
  readonly service: S;
  readonly upstream: UpstreamEvents;
  readonly reader: TopicReader;
  stop(): Promise<void>;
}

/** Requests and upstream events addressed to one service (`target`, as identities name it). */
export function serviceCalls(target: string) {
  return {
    TARGET: target,
    /** A request as the gateway forwards it: signed identity, and an Idempotency-Key on writes. */
    call: (baseUrl: string, identity: Identity | undefined) =>
      signedCall(baseUrl, identity, target),
    upstreamEvents: () => new UpstreamEvents(testInfra().brokers, `${target}-test`),
  };
}

/** Sends the two test policy versions (libs/testing testPolicies) onto their topic. */
export async function publishTestPolicies(upstream: UpstreamEvents): Promise<void> {
  for (const policy of testPolicies())
    await upstream.send(Topics.policyPublished, policy.policy.policyVersionId, policy);
}

/**
 * The first test policy as version `policyVersionId`, from `effectiveFrom` (else its own date), with
 * `terms` changed.
 */
export function testPolicyVariant(
  policyVersionId: string,
  effectiveFrom?: string,
  terms: Partial<PolicyTerms> = {},
): PolicyPublished {
  const [base] = testPolicies();
  if (base === undefined) throw new Error('no test policy');
  return {
    ...base,
    policy: {
      ...base.policy,
      ...terms,
      policyVersionId,
      effectiveFrom: effectiveFrom ?? base.policy.effectiveFrom,
    },
  };
}

/**
 * Starts the service (`start`, given testServiceEnv with `env` added), then a reader of `topics`
 * from their beginning, and publishes the test policies; `stop` closes all three.
 */
export async function startServiceSuite<S extends SuiteService>(
  target: string,
  start: (env: Record<string, string>) => Promise<S>,
  topics: string[],
  env: Record<string, string> = {},
): Promise<ServiceSuite<S>> {
  const service = await start(await testServiceEnv(env));
  const upstream = serviceCalls(target).upstreamEvents();
  const reader = new TopicReader(upstream.kafka, topics);
  try {
    await reader.start();
    await publishTestPolicies(upstream);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return {
    service,
    upstream,
    reader,
    stop: async () => {
      await reader.stop();
      await upstream.disconnect();
      await service.stop();
    },
  };
}

// Jest's hooks, as jest provides them to the spec files that call useServiceSuite (this module is
// also compiled by the production build, which has no jest types, and loaded outside jest).
declare const beforeAll: (hook: () => Promise<void>) => void;
declare const afterAll: (hook: () => Promise<void>) => void;

/**
 * startServiceSuite for the enclosing file or describe: started before its tests (and before the
 * hooks registered after this call), stopped after them. Its members are read once it started.
 */
export function useServiceSuite<S extends SuiteService>(
  target: string,
  start: (env: Record<string, string>) => Promise<S>,
  topics: string[],
  env: Record<string, string> = {},
): ServiceSuite<S> {
  let started: ServiceSuite<S> | undefined;
  const current = (): ServiceSuite<S> => {
    if (started === undefined) throw new Error(`the ${target} suite is not started yet`);
    return started;
  };
  beforeAll(async () => {
    started = await startServiceSuite(target, start, topics, env);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get service() {
      return current().service;
    },
    get upstream() {
      return current().upstream;
    },
    get reader() {
      return current().reader;
    },
    stop: () => current().stop(),
  };
}
