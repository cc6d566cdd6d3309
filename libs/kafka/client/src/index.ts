// The Kafka client library's own API, for what must speak Kafka below libs/kafka's services-level
// API: the test brokers' set-up (topics, ACLs, SASL users), tests that read or forge raw messages,
// benchmarks. kafkajs is imported under libs/kafka alone (ADR 0002, lint); services use
// @riskpool/kafka. A project of its own so that libs/testing, which libs/kafka's tests use, can
// depend on it without a cycle. Beside it, runConsumerUntil: what libs/kafka's readTopicsToEnd and
// the tests that read raw messages share.
export * from 'kafkajs';
export * from './run-consumer-until';
