// HAProxy in front of the local cluster: PostgreSQL routed to the current primary by Patroni's
// REST check (`/primary` answers 200 on the leader only), and each service's instances behind one
// port by their readiness (`/health/ready`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalProcess, startLocalProcess, waitFor } from './local-process';
import { freePorts } from './process-util';
import * as net from 'node:net';

export interface HaproxyServer {
  readonly name: string;
  readonly port: number;
  /** The health check's port when it is not `port` (Patroni's REST API). */
  readonly checkPort?: number;
}

export interface HaproxyListener {
  readonly name: string;
  readonly port: number;
  /** `postgres`: TCP to the member whose Patroni says `/primary` 200; `http`: round robin by readiness. */
  readonly kind: 'postgres' | 'http';
  readonly servers: readonly HaproxyServer[];
}

export interface Haproxy {
  readonly process: LocalProcess;
  /** The servers of a listener that HAProxy routes to now (UP, or UP and going down). */
  serversUp(listener: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** The servers HAProxy's stats (CSV) call UP, by listener. */
async function serversUp(statsPort: number, listener: string): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${statsPort}/;csv`, {
    signal: AbortSignal.timeout(2_000),
  });
  const [header, ...rows] = (await response.text()).split('\n');
  const columns = (header ?? '').replace(/^# /, '').split(',');
  const at = (name: string) => columns.indexOf(name);
  return rows
    .map((row) => row.split(','))
    .filter(
      (cells) =>
        cells[at('pxname')] === listener &&
        !['FRONTEND', 'BACKEND'].includes(cells[at('svname')] ?? '') &&
        // `UP 1/2` (going down) still takes connections.
        (cells[at('status')] ?? '').startsWith('UP'),
    )
    .map((cells) => cells[at('svname')] as string);
}

export function haproxyConfig(listeners: readonly HaproxyListener[], statsPort: number): string {
  const lines = [
    'global',
    '  maxconn 4000',
    'defaults',
    '  timeout connect 2s',
    '  timeout client 30m',
    '  timeout server 30m',
    // Generous: on a loaded machine a slow answer is not a dead instance.
    '  timeout check 5s',
    `listen stats`,
    `  mode http`,
    `  bind 127.0.0.1:${statsPort}`,
    `  stats enable`,
    `  stats uri /`,
  ];
  for (const listener of listeners) {
    lines.push(`listen ${listener.name}`, `  bind 127.0.0.1:${listener.port}`);
    if (listener.kind === 'postgres') {
      lines.push(
        '  mode tcp',
        '  option httpchk OPTIONS /primary',
        '  http-check expect status 200',
        // A demoted primary's connections are cut, so no session writes to a replica.
        '  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions',
      );
    } else {
      lines.push(
        '  mode http',
        '  balance roundrobin',
        '  option httpchk GET /health/ready',
        '  http-check expect status 200',
        // A request that never reached an instance (refused connection) goes to the other one.
        '  retries 3',
        '  retry-on conn-failure',
        '  option redispatch',
        '  timeout http-request 30s',
        '  default-server inter 2s fall 3 rise 1',
      );
    }
    for (const server of listener.servers)
      lines.push(
        `  server ${server.name} 127.0.0.1:${server.port} check` +
          (server.checkPort === undefined ? '' : ` port ${server.checkPort}`),
      );
  }
  return `${lines.join('\n')}\n`;
}

export async function startHaproxy(options: {
  runDir: string;
  listeners: readonly HaproxyListener[];
}): Promise<Haproxy> {
  fs.mkdirSync(options.runDir, { recursive: true });
  const [statsPort] = await freePorts(1);
  const config = path.join(options.runDir, 'haproxy.cfg');
  fs.writeFileSync(config, haproxyConfig(options.listeners, statsPort as number));
  const haproxy = startLocalProcess({
    name: 'haproxy',
    command: 'haproxy',
    args: ['-db', '-f', config],
    logFile: path.join(options.runDir, 'haproxy.log'),
  });
  await waitFor('HAProxy listening', () => canConnect(statsPort as number), 20_000, [haproxy]);
  // HAProxy starts with every server UP until its checks say otherwise: wait until PostgreSQL
  // goes to the primary only, so no one writes to a standby.
  for (const listener of options.listeners.filter((l) => l.kind === 'postgres'))
    await waitFor(
      `HAProxy: one PostgreSQL primary behind ${listener.name}`,
      async () => (await serversUp(statsPort as number, listener.name)).length === 1,
      60_000,
      [haproxy],
    );
  return {
    process: haproxy,
    serversUp: (listener) => serversUp(statsPort as number, listener),
    stop: () => haproxy.stop(5_000),
  };
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
