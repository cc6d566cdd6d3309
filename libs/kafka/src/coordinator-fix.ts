// kafkajs 2.2.4's offset manager keeps the group coordinator it was given at the join. When the
// coordinator moves (its broker restarted, the group's `__consumer_offsets` partition led by
// another broker), OffsetCommit answers NOT_COORDINATOR: kafkajs then refreshes the metadata but
// asks the same broker again, and a disconnected coordinator is looked up again by the same node
// id. The commit retries against the wrong broker until something else makes the member re-join:
// the cluster fault test saw a consumer stall for 3.5 minutes after a broker restart, committing
// nothing (kafkajs pull request 1779 describes the same; not released). Here the next attempt asks
// the cluster who the group's coordinator is. Kept behind libs/kafka (ADR 0002) and tied to the
// pinned version, like request-queue-fix.ts.
import { FIXED_KAFKAJS_VERSION, isPinnedKafkajs } from './pinned-kafkajs';

export { FIXED_KAFKAJS_VERSION };

/** Answers that mean "ask the cluster for the coordinator again". */
const COORDINATOR_MOVED = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE']);

interface CoordinatorBroker {
  isConnected(): boolean;
}

/** The part of kafkajs's OffsetManager the fix reads and writes. */
export interface OffsetManagerState {
  coordinator: CoordinatorBroker;
  readonly groupId: string;
  readonly cluster: {
    findGroupCoordinator(options: { groupId: string }): Promise<CoordinatorBroker>;
  };
  /** Set by the fix when the coordinator answered that it no longer is one. */
  coordinatorMoved?: boolean;
}

/** kafkajs's getCoordinator, asking the cluster for the group's coordinator when it moved. */
export async function getCoordinator(this: OffsetManagerState): Promise<CoordinatorBroker> {
  if (this.coordinatorMoved === true || !this.coordinator.isConnected()) {
    this.coordinator = await this.cluster.findGroupCoordinator({ groupId: this.groupId });
    this.coordinatorMoved = false;
  }
  return this.coordinator;
}

type AsyncMethod = (this: OffsetManagerState, ...args: unknown[]) => Promise<unknown>;

/** Wraps an offset manager method so that a "not the coordinator" answer marks it moved. */
export function markingMovedCoordinator(method: AsyncMethod): AsyncMethod {
  return async function (this: OffsetManagerState, ...args: unknown[]) {
    try {
      return await method.apply(this, args);
    } catch (error) {
      if (COORDINATOR_MOVED.has((error as { type?: string }).type ?? ''))
        this.coordinatorMoved = true;
      throw error;
    }
  };
}

/** True when kafkajs's OffsetManager now finds a moved coordinator again. */
export function applyCoordinatorFix(): boolean {
  if (!isPinnedKafkajs()) return false;
  const OffsetManager = require('kafkajs/src/consumer/offsetManager') as {
    prototype: Record<'getCoordinator' | 'commitOffsets' | 'resolveOffsets' | 'seek', unknown>;
  };
  const proto = OffsetManager.prototype;
  proto.getCoordinator = getCoordinator;
  for (const name of ['commitOffsets', 'resolveOffsets', 'seek'] as const)
    proto[name] = markingMovedCoordinator(proto[name] as AsyncMethod);
  return true;
}

applyCoordinatorFix();
