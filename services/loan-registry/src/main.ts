import 'reflect-metadata';
import { loadConfig, startService } from '@riskpool/service-kit';
import { LoanRegistryConfig } from './config/loan-registry.config';
import { loanRegistryDefinition } from './loan-registry.service-definition';

// Like runServiceMain, plus two settings: KAFKA_GROUP_ID (the consumer group, default
// loan-registry) and the OUTBOX_RELAY=disabled test seam: the relay is stopped before the first
// request, so accepted events stay in the outbox until a later start publishes them.
const log = (level: string, message: string) =>
  process.stdout.write(`${JSON.stringify({ level, service: 'loan-registry', message })}\n`);

async function main(): Promise<void> {
  const { KAFKA_GROUP_ID } = loadConfig(LoanRegistryConfig, process.env);
  const service = await startService({ ...loanRegistryDefinition, name: KAFKA_GROUP_ID });
  if (service.config.OUTBOX_RELAY === 'disabled') {
    await service.eventing.relay.stop();
    log('warn', 'outbox relay disabled (OUTBOX_RELAY=disabled): events stay in the outbox');
  }
  log('info', `listening on ${service.url}`);
  const shutdown = (signal: string) => {
    log('info', `${signal}: stopping`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  log('error', `failed to start: ${String(error)}`);
  process.exit(1);
});
