// A PostgreSQL server the fault tests own, so they may really restart it: a fresh cluster
// (initdb) in a temporary directory on a free port, started and restarted with pg_ctl. The
// machine's shared server on 5432 is never touched. As root, the server runs as the `postgres`
// user (PostgreSQL refuses to run as root).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePorts, postgresAnswers } from '@riskpool/testing';

const run = promisify(execFile);

export interface OwnedPostgres {
  /** Admin URL (the `postgres` database, trust auth). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The postmaster's pid. */
  pid(): number | undefined;
  /**
   * Stops the server with `pg_ctl stop -m immediate` (every backend ends at once and the next
   * start runs crash recovery, as after a crash) and starts it again. Resolves when it answers.
   */
  restart(): Promise<{ downMs: number }>;
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

function asPostgresUser(command: string, args: string[]): [string, string[]] {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function pg(command: string, args: string[], timeoutMs = 120_000): Promise<string> {
  const [file, argv] = asPostgresUser(command, args);
  const { stdout } = await run(file, argv, { timeout: timeoutMs });
  return stdout;
}

/** True when initdb and pg_ctl can be run here. */
export async function canOwnPostgres(): Promise<boolean> {
  try {
    await pg('pg_ctl', ['--version'], 10_000);
    await pg('initdb', ['--version'], 10_000);
    return true;
  } catch {
    return false;
  }
}

/**
 * A cluster in a new directory under the system temp dir (which the postgres user can reach).
 * `settings` are more server settings (`name=value`), e.g. the statement statistics of a bench.
 */
export async function startOwnedPostgres(settings: readonly string[] = []): Promise<OwnedPostgres> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port for PostgreSQL');
  const root = fs.mkdtempSync(path.join(tmpdir(), 'riskpool-owned-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'postgres.log');
  fs.chmodSync(root, 0o777);
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    await run('chown', ['postgres', root]);
  }
  await pg('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${root}`,
    '-c max_connections=300',
    '-c shared_buffers=256MB',
    ...settings.map((setting) => `-c ${setting}`),
  ].join(' ');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async () => {
    await pg('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '120', 'start']);
    const deadline = Date.now() + 60_000;
    while (!(await postgresAnswers(url))) {
      if (Date.now() > deadline) throw new Error(`owned PostgreSQL on ${port} does not answer`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const stop = async (mode: 'immediate' | 'fast') => {
    await pg('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']).catch(
      () => undefined,
    );
  };
  await start();
  return {
    url,
    port,
    dataDir,
    pid: () => {
      try {
        return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      } catch {
        return undefined;
      }
    },
    restart: async () => {
      const begun = Date.now();
      await stop('immediate');
      await start();
      return { downMs: Date.now() - begun };
    },
    destroy: async () => {
      await stop('fast');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
