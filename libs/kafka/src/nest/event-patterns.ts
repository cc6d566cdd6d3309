import { EventPattern } from '@nestjs/microservices';
import { RpcParamtype } from '@nestjs/microservices/enums/rpc-paramtype.enum';
import {
  PARAM_ARGS_METADATA,
  PATTERN_EXTRAS_METADATA,
  PATTERN_METADATA,
} from '@nestjs/microservices/constants';
import type { TopicName } from '@riskpool/contracts';

/** What `@BatchEventPattern` adds to a handler's pattern extras. */
export interface BatchPatternExtras {
  readonly batch: true;
}

/**
 * `@EventPattern` for a handler that takes a chunk of a topic-partition's events at once and owns
 * its transaction (no inbox): `(events: ReadonlyArray<ConsumedEvent>) => Promise<void>`. One
 * handler may take several topics.
 */
export function BatchEventPattern(topics: TopicName | readonly TopicName[]): MethodDecorator {
  const extras: BatchPatternExtras = { batch: true };
  return EventPattern([topics].flat(), extras);
}

export function isBatchPattern(extras: Record<string, unknown> | undefined): boolean {
  return extras?.['batch'] === true;
}

type Class = abstract new (...args: never[]) => unknown;

/** A topic a handler consumes, as its decorators declare it. */
export interface DeclaredPattern {
  readonly topic: string;
  /** `Class.method`, for messages. */
  readonly handler: string;
  readonly batch: boolean;
  /** Declares `@Ctx()`: without it Nest passes the payload alone, and no unit of work. */
  readonly takesContext: boolean;
}

/**
 * The topics the `@EventPattern` / `@BatchEventPattern` handlers of `classes` consume, read from
 * their decorators alone (nothing is instantiated).
 */
export function eventPatternsOf(classes: ReadonlyArray<Class>): DeclaredPattern[] {
  const found: DeclaredPattern[] = [];
  for (const type of classes) {
    for (const [name, method] of methodsOf(type.prototype as object)) {
      if (typeof method !== 'function') continue;
      const patterns = Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined;
      if (patterns === undefined) continue;
      const extras = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) as
        Record<string, unknown> | undefined;
      const params = (Reflect.getMetadata(PARAM_ARGS_METADATA, type, name) ?? {}) as object;
      const takesContext = Object.keys(params).some((key) =>
        key.startsWith(`${RpcParamtype.CONTEXT}:`),
      );
      for (const topic of patterns)
        found.push({
          topic: String(topic),
          handler: `${type.name}.${name}`,
          batch: isBatchPattern(extras),
          takesContext,
        });
    }
  }
  return found;
}

/**
 * The methods of a prototype and those it inherits (Nest's listener scan reads inherited handlers
 * too, as of a consumer base class); an override hides the method it overrides.
 */
function methodsOf(prototype: object): Array<[string, unknown]> {
  const methods = new Map<string, unknown>();
  for (let p: object | null = prototype; p !== null && p !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(p))
      if (!methods.has(name)) methods.set(name, Object.getOwnPropertyDescriptor(p, name)?.value);
    p = Object.getPrototypeOf(p) as object | null;
  }
  return [...methods];
}
