export * from './event-patterns';
export * from './kafka-event.transport';
export * from './on-event';
