// A service's own entry point in a child process of the test run (ts-node with the repository's
// aliases), so a suite can SIGKILL it at the worst moment and start it again: the crash suites.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';
import { eventually } from './public-api';

/**
 * The V8 flags every service process runs with (`npm start`, the tests' systems and crash
 * suites, the benchmarks, and the image's ENTRYPOINT, which a unit test holds to this list).
 * Node 24 sizes the young generation from the machine's memory: on 24 GiB, semi-spaces of 64 MiB,
 * up to 192 MiB of young generation a service keeps committed once a burst of load has grown it.
 * 16 MiB is Node 18's fixed default; the RSS and CPU it gives are in docs/benchmarks.md.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16'];

/**
 * The environment every service process starts with, under what the caller sets (so a run may
 * override it), held to the image's ENV by the same test. glibc gives each thread that allocates
 * an arena of its own and rarely returns what is freed in one; two arenas keep a service's memory
 * outside V8's heap (buffers of pg, kafkajs and HTTP) from growing with every burst of load.
 */
export const SERVICE_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** The signal that ended it, else its exit code. */
  readonly exited: Promise<NodeJS.Signals | number | null>;
  /** What it wrote to stdout and stderr so far. */
  output(): string;
  running(): boolean;
}

/**
 * Node's arguments that run the repository's TypeScript file `script` (absolute, or from the
 * repository root) through ts-node with the repository's aliases, then `args`; run them in
 * REPO_ROOT with `tsNodeEnv()`.
 */
export function tsNodeArgs(script: string, ...args: string[]): string[] {
  return [
    '-r',
    'ts-node/register/transpile-only',
    '-r',
    path.join(REPO_ROOT, 'scripts/register-aliases.js'),
    path.isAbsolute(script) ? script : path.join(REPO_ROOT, script),
    ...args,
  ];
}

/** This process's environment, with ts-node pointed at the tests' TypeScript settings. */
export function tsNodeEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.spec.json') };
}

/** Runs `script` (from the repository root, e.g. services/x/src/main.ts) with `env` over ours. */
export function spawnServiceProcess(script: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...tsNodeArgs(script)], {
    cwd: REPO_ROOT,
    env: { ...SERVICE_PROCESS_ENV, ...tsNodeEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return {
    child,
    exited,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
  };
}

/** Waits (bounded) until the process at `url` answers /health/ready; its output in the failure if it exited. */
export async function waitForReady(
  process: ServiceProcess,
  url: string,
  timeoutMs = 120_000,
): Promise<void> {
  await eventually(
    'the child service to answer /health/ready',
    async () => {
      if (!process.running()) throw new Error(`child exited: ${process.output()}`);
      const ready = await fetch(`${url}/health/ready`).catch(() => undefined);
      return ready?.status === 200 ? true : undefined;
    },
    timeoutMs,
  );
}

/** SIGKILLs each process still running (a suite's afterAll). */
export function killAll(processes: ReadonlyArray<ServiceProcess | undefined>): void {
  for (const p of processes) if (p?.running()) p.child.kill('SIGKILL');
}
