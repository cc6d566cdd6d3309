// A local PostgreSQL high-availability cluster, the usual Patroni layout: one etcd, 3 Patroni
// members running the machine's PostgreSQL 15 (streaming replication, synchronous_mode_strict so
// that a commit is acknowledged only once a standby has it, and Patroni promotes only that
// standby). Clients reach the primary through HAProxy (haproxy.ts, Patroni's `/primary` check).
// For `npm run start:cluster`; nothing here replicates data itself.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { HaproxyListener } from './haproxy';
import { LocalProcess, startLocalProcess, systemUser, waitFor } from './local-process';
import { freePorts, processAlive, sleep } from './process-util';

export const POSTGRES_BIN_DIR = process.env['RISKPOOL_PG_BIN_DIR'] ?? '/usr/lib/postgresql/15/bin';

export interface PatroniMember {
  readonly name: string;
  readonly pgPort: number;
  readonly restPort: number;
  /** The member's Patroni process (a new one after startMember). */
  readonly process: LocalProcess;
}

export interface PatroniCluster {
  readonly superuser: { user: string; password: string };
  readonly members: readonly PatroniMember[];
  /** Name of the member Patroni calls leader, from its REST API. */
  leader(): Promise<string | undefined>;
  /** The roles Patroni reports (`leader`, `sync_standby`, `replica`) by member name. */
  roles(): Promise<Record<string, string>>;
  /** HAProxy's listener for the current primary. */
  primaryListener(name: string, port: number): HaproxyListener;
  /**
   * The loss of a whole member: SIGKILL to its Patroni and to its PostgreSQL (the postmaster and
   * its children), as when the machine dies. Its leader key in etcd expires after the ttl.
   */
  killMember(name: string): Promise<void>;
  /** Starts a killed member again on its data directory (it rejoins as a standby). */
  startMember(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** The postmaster's pid from its data directory, if it runs. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(
      fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pids whose parent is `pid` (from /proc). */
function childPids(pid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface ClusterView {
  members?: { name: string; role: string; state: string; lag?: number | string }[];
}

async function clusterView(restPort: number): Promise<ClusterView> {
  const response = await fetch(`http://127.0.0.1:${restPort}/cluster`, {
    signal: AbortSignal.timeout(2_000),
  });
  return (await response.json()) as ClusterView;
}

function memberConfig(options: {
  name: string;
  dir: string;
  pgPort: number;
  restPort: number;
  etcdPort: number;
  superPassword: string;
  replicationPassword: string;
}): string {
  return stringify({
    scope: 'riskpool',
    namespace: '/riskpool/',
    name: options.name,
    log: { level: 'WARNING' },
    restapi: {
      listen: `127.0.0.1:${options.restPort}`,
      connect_address: `127.0.0.1:${options.restPort}`,
    },
    etcd3: { hosts: [`127.0.0.1:${options.etcdPort}`] },
    bootstrap: {
      dcs: {
        ttl: 10,
        loop_wait: 2,
        retry_timeout: 4,
        maximum_lag_on_failover: 1_048_576,
        // Commit waits for one synchronous standby; only that standby may be promoted, so an
        // acknowledged write survives the primary's loss. Strict: no standby, no commit.
        synchronous_mode: true,
        synchronous_mode_strict: true,
        postgresql: {
          use_pg_rewind: true,
          parameters: {
            max_connections: 300,
            wal_level: 'replica',
            hot_standby: 'on',
            wal_log_hints: 'on',
            max_wal_senders: 10,
            max_replication_slots: 10,
            wal_keep_size: '128MB',
          },
        },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C' }, 'data-checksums'],
      pg_hba: [
        'host replication replicator 127.0.0.1/32 scram-sha-256',
        'host all all 127.0.0.1/32 scram-sha-256',
      ],
    },
    postgresql: {
      listen: `127.0.0.1:${options.pgPort}`,
      connect_address: `127.0.0.1:${options.pgPort}`,
      data_dir: path.join(options.dir, 'data'),
      bin_dir: POSTGRES_BIN_DIR,
      pgpass: path.join(options.dir, 'pgpass'),
      authentication: {
        superuser: { username: 'postgres', password: options.superPassword },
        replication: { username: 'replicator', password: options.replicationPassword },
        rewind: { username: 'postgres', password: options.superPassword },
      },
      parameters: {
        unix_socket_directories: path.join(options.dir, 'sock'),
        shared_buffers: '64MB',
        fsync: 'on',
      },
    },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  });
}

/**
 * Starts etcd and the Patroni members, and resolves once there is a leader and every other
 * member runs as a standby, one of them synchronous. As root, Patroni and PostgreSQL run as the
 * `postgres` user (PostgreSQL refuses root).
 */
export async function startPatroniCluster(options: {
  runDir: string;
  members?: number;
  timeoutMs?: number;
}): Promise<PatroniCluster> {
  const count = options.members ?? 3;
  const timeoutMs = options.timeoutMs ?? 180_000;
  const runDir = path.resolve(options.runDir);
  fs.mkdirSync(runDir, { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const user = asRoot ? systemUser('postgres') : undefined;
  if (asRoot && user === undefined)
    throw new Error('running as root, PostgreSQL needs the system user postgres');

  const ports = await freePorts(2 + count * 2);
  const [etcdPort, etcdPeerPort] = ports as [number, number];
  const etcdDir = path.join(runDir, 'etcd');
  fs.mkdirSync(etcdDir, { recursive: true });
  const etcd = startLocalProcess({
    name: 'etcd',
    command: 'etcd',
    args: [
      '--name=etcd1',
      `--data-dir=${path.join(etcdDir, 'data')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=etcd1=http://127.0.0.1:${etcdPeerPort}`,
      '--log-level=warn',
    ],
    logFile: path.join(etcdDir, 'etcd.log'),
  });
  const started: LocalProcess[] = [etcd];
  const stopAll = async () => {
    await Promise.all(started.slice(1).map((member) => member.stop(30_000)));
    await etcd.stop(5_000);
  };
  try {
    await waitFor(
      'etcd healthy',
      async () => (await fetch(`http://127.0.0.1:${etcdPort}/health`)).ok,
      30_000,
      [etcd],
    );
    const superuser = { user: 'postgres', password: randomBytes(18).toString('base64url') };
    const replicationPassword = randomBytes(18).toString('base64url');
    const members: Array<{
      name: string;
      pgPort: number;
      restPort: number;
      dir: string;
      config: string;
      process: LocalProcess;
    }> = [];
    const spawnMember = (name: string, dir: string, config: string): LocalProcess => {
      const member = startLocalProcess({
        name: `patroni ${name}`,
        command: 'patroni',
        args: [config],
        logFile: path.join(dir, 'patroni.log'),
        user,
        env: { ...process.env, HOME: dir },
      });
      started.push(member);
      return member;
    };
    for (let i = 0; i < count; i += 1) {
      const name = `pg${i + 1}`;
      const dir = path.join(runDir, name);
      const pgPort = ports[2 + i * 2] as number;
      const restPort = ports[3 + i * 2] as number;
      fs.mkdirSync(path.join(dir, 'sock'), { recursive: true });
      const config = path.join(dir, 'patroni.yml');
      fs.writeFileSync(
        config,
        memberConfig({
          name,
          dir,
          pgPort,
          restPort,
          etcdPort,
          superPassword: superuser.password,
          replicationPassword,
        }),
        { mode: 0o600 },
      );
      if (user !== undefined) {
        for (const entry of [dir, path.join(dir, 'sock'), config])
          fs.chownSync(entry, user.uid, user.gid);
      }
      members.push({
        name,
        pgPort,
        restPort,
        dir,
        config,
        process: spawnMember(name, dir, config),
      });
    }
    const memberNamed = (name: string) => {
      const member = members.find((m) => m.name === name);
      if (member === undefined) throw new Error(`no Patroni member ${name}`);
      return member;
    };

    const roles = async (): Promise<Record<string, string>> => {
      for (const member of members) {
        try {
          const view = await clusterView(member.restPort);
          return Object.fromEntries((view.members ?? []).map((m) => [m.name, m.role]));
        } catch {
          // ask the next member
        }
      }
      return {};
    };
    await waitFor(
      `a PostgreSQL leader, ${count - 1} standbys, one synchronous`,
      async () => {
        const found = Object.values(await roles());
        return (
          found.length === count &&
          found.filter((role) => role === 'leader').length === 1 &&
          found.includes('sync_standby')
        );
      },
      timeoutMs,
      started,
    );
    return {
      superuser,
      members,
      roles,
      leader: async () => Object.entries(await roles()).find(([, role]) => role === 'leader')?.[0],
      primaryListener: (name, port) => ({
        name,
        port,
        kind: 'postgres',
        servers: members.map((m) => ({ name: m.name, port: m.pgPort, checkPort: m.restPort })),
      }),
      killMember: async (name) => {
        const member = memberNamed(name);
        const postmaster = postmasterPid(path.join(member.dir, 'data'));
        await member.process.kill();
        if (postmaster !== undefined) {
          const backends = childPids(postmaster);
          killPid(postmaster);
          for (const pid of backends) killPid(pid);
          for (let i = 0; i < 100 && processAlive(postmaster); i += 1) await sleep(100);
        }
      },
      startMember: async (name) => {
        const member = memberNamed(name);
        if (member.process.running()) throw new Error(`Patroni member ${name} is running`);
        member.process = spawnMember(member.name, member.dir, member.config);
        await waitFor(
          `Patroni member ${name} back as a standby`,
          async () => ['replica', 'sync_standby'].includes((await roles())[name] ?? ''),
          timeoutMs,
          [member.process],
        );
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
