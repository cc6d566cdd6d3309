import { applyCoordinatorFix, FIXED_KAFKAJS_VERSION } from './coordinator-fix';

const { createErrorFromCode } = require('kafkajs/src/protocol/error') as {
  createErrorFromCode(code: number): Error;
};

// kafkajs's own OffsetManager (the fix patches its prototype), with brokers that record commits.
const OffsetManager = require('kafkajs/src/consumer/offsetManager') as new (
  options: Record<string, unknown>,
) => {
  coordinator: unknown;
  commitOffsets(offsets?: unknown): Promise<void>;
};

const NOT_COORDINATOR = 16;

class Broker {
  readonly commits: unknown[] = [];
  constructor(
    readonly nodeId: number,
    private readonly answer: 'ok' | 'not-coordinator',
    private connected = true,
  ) {}
  isConnected(): boolean {
    return this.connected;
  }
  disconnect(): void {
    this.connected = false;
  }
  async offsetCommit(payload: unknown): Promise<void> {
    if (this.answer === 'not-coordinator') throw createErrorFromCode(NOT_COORDINATOR);
    this.commits.push(payload);
  }
}

function offsetManager(coordinator: Broker, current: Broker) {
  const lookups: string[] = [];
  const cluster = {
    async findGroupCoordinator({ groupId }: { groupId: string }) {
      lookups.push(groupId);
      return current;
    },
    // What kafkajs does by itself: the same broker, found again by its node id.
    async findBroker({ nodeId }: { nodeId: number }) {
      return nodeId === coordinator.nodeId ? coordinator : current;
    },
    refreshMetadata: () => Promise.resolve(),
    committedOffsets: () => ({}),
  };
  const manager = new OffsetManager({
    cluster,
    coordinator,
    memberAssignment: { 'credit.test.v1': [0] },
    autoCommit: false,
    topicConfigurations: {},
    instrumentationEmitter: { emit: () => undefined },
    groupId: 'riskpool-test',
    generationId: 1,
    memberId: 'm-1',
  });
  return { manager, lookups };
}

const offsets = {
  topics: [{ topic: 'credit.test.v1', partitions: [{ partition: 0, offset: '8' }] }],
};

describe("the fix of kafkajs's coordinator look-up", () => {
  it('is applied to the pinned kafkajs version', () => {
    expect(require('kafkajs/package.json').version).toBe(FIXED_KAFKAJS_VERSION);
    expect(applyCoordinatorFix()).toBe(true);
  });

  it('commits to the new coordinator on the attempt after a NOT_COORDINATOR answer', async () => {
    const old = new Broker(3, 'not-coordinator');
    const moved = new Broker(1, 'ok');
    const { manager, lookups } = offsetManager(old, moved);
    await expect(manager.commitOffsets(offsets)).rejects.toMatchObject({
      type: 'NOT_COORDINATOR_FOR_GROUP',
    });
    // kafkajs's retrier tries again: the group's coordinator is asked for, not the old broker.
    await manager.commitOffsets(offsets);
    expect(lookups).toEqual(['riskpool-test']);
    expect(moved.commits).toHaveLength(1);
    expect(manager.coordinator).toBe(moved);
  });

  it('asks for the coordinator when the one it had is disconnected', async () => {
    const old = new Broker(3, 'ok');
    old.disconnect();
    const moved = new Broker(1, 'ok');
    const { manager, lookups } = offsetManager(old, moved);
    await manager.commitOffsets(offsets);
    expect(lookups).toEqual(['riskpool-test']);
    expect(moved.commits).toHaveLength(1);
    expect(old.commits).toHaveLength(0);
  });

  it('keeps a coordinator that answers', async () => {
    const coordinator = new Broker(2, 'ok');
    const { manager, lookups } = offsetManager(coordinator, new Broker(1, 'ok'));
    await manager.commitOffsets(offsets);
    await manager.commitOffsets(offsets);
    expect(lookups).toEqual([]);
    expect(coordinator.commits).toHaveLength(2);
  });
});
