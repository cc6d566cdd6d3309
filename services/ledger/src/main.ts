import 'reflect-metadata';
import { startService } from '@riskpool/service-kit';
import { LedgerWriter } from './journal/ledger-writer';
import { ledgerServiceDefinition } from './ledger.service-definition';
import { EXIT_WRITER_LOCK_LOST, watchWriterLock } from './writer-lock-watchdog';

const log = (level: string, message: string) =>
  process.stdout.write(`${JSON.stringify({ level, service: 'ledger', message })}\n`);

// As runServiceMain, plus the writer-lock watchdog (see writer-lock-watchdog.ts).
startService(ledgerServiceDefinition).then(
  (service) => {
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
    watchWriterLock(service.app.get(LedgerWriter), () => {
      log(
        'error',
        'the database session holding the single-writer lock ended: exiting so that a restart ' +
          `takes the lock again and rebuilds from the journal (exit ${EXIT_WRITER_LOCK_LOST})`,
      );
      process.exit(EXIT_WRITER_LOCK_LOST);
    });
  },
  (error: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'error', service: 'ledger', message: 'failed to start', error: String(error) })}\n`,
    );
    process.exit(1);
  },
);
