// A long-running local program (etcd, Patroni, HAProxy, a service) with its output in a log file,
// stopped with SIGTERM and then SIGKILL. The cluster pieces of `npm run start:cluster`.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { sleep, tailFile } from './process-util';

export interface LocalProcess {
  readonly name: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  running(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL; resolves when the process is gone. */
  kill(): Promise<void>;
  tail(lines?: number): string;
}

export interface LocalProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Run as this user (uid, gid), e.g. PostgreSQL's when this process is root. */
  readonly user?: { uid: number; gid: number };
}

export function startLocalProcess(options: LocalProcessOptions): LocalProcess {
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', out, out],
    ...(options.user ?? {}),
  });
  fs.closeSync(out);
  child.on('error', (error) => {
    fs.appendFileSync(options.logFile, `could not start ${options.command}: ${String(error)}\n`);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name: options.name,
    logFile: options.logFile,
    child,
    running,
    async stop(graceMs = 15_000) {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
    tail: (lines = 30) => tailFile(options.logFile, lines),
  };
}

/** Polls `check` until it resolves true, or throws naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  alive?: LocalProcess[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    for (const process of alive ?? [])
      if (!process.running())
        throw new Error(`${process.name} exited while waiting for ${what}:\n${process.tail()}`);
    try {
      if (await check()) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`${what} not within ${timeoutMs / 1000} s${last ? ` (${last})` : ''}`);
}

/** The uid and gid of a system user, or undefined when there is none. */
export function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}
