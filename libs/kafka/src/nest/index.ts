export * from './event-patterns';
export * from './kafka-event.transport';
