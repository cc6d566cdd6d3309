export * from './kafka-broker';
export * from './create-topics';
export * from './postgres';
export * from './test-infra';
export { freePorts } from './process-util';
export { REPO_ROOT, KAFKA_DEPLOY_DIR } from './paths';
export * from './public-api';
export * from './programme';
export * from './service-harness';
