// `npm run profile:summary -- DIR|FILE... [--top N] [--last SECONDS] [--skip SECONDS]`: where the CPU time of V8 CPU profiles
// (`.cpuprofile`, written by `node --cpu-prof`; the benchmarks write them with
// RISKPOOL_CPU_PROF_DIR) goes: per profile, self time by package (node_modules/<pkg>, node:
// internals, the project's own files, garbage collection, idle) and the top functions.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The bucket a frame's self time is counted in. */
export function bucketOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(gc)';
  if (functionName === '(program)') return '(program)';
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const m = /\/(services|libs)\/([^/]+)\//.exec(url);
  return m ? `${m[1]}/${m[2]}` : path.basename(url);
}

export interface ProfileSummary {
  file: string;
  wallMs: number;
  busyMs: number;
  buckets: Array<[string, number]>;
  functions: Array<[string, number]>;
}

/**
 * `lastSeconds`: only the samples of the profile's last seconds (e.g. a benchmark's idle phase);
 * `skipSeconds`: none of its first seconds (e.g. a service's start-up, compiling its modules).
 */
export function summarise(
  file: string,
  profile: CpuProfile,
  top: number,
  lastSeconds?: number,
  skipSeconds = 0,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const from = Math.max(
    lastSeconds === undefined ? -Infinity : profile.endTime - lastSeconds * 1e6,
    profile.startTime + skipSeconds * 1e6,
  );
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const bucket = bucketOf(frame.url, frame.functionName);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + micros);
    if (bucket === '(idle)') continue;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  }
  const ms = (m: Map<string, number>) =>
    [...m.entries()]
      .map(([k, v]) => [k, Math.round(v / 100) / 10] as [string, number])
      .sort((a, b) => b[1] - a[1]);
  const bucketList = ms(buckets);
  const idle = buckets.get('(idle)') ?? 0;
  const total = [...buckets.values()].reduce((a, b) => a + b, 0);
  return {
    file,
    wallMs: Math.round((profile.endTime - Math.max(from, profile.startTime)) / 1000),
    busyMs: Math.round((total - idle) / 1000),
    buckets: bucketList,
    functions: ms(functions).slice(0, top),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string): number | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : undefined;
  };
  const top = option('--top') ?? 15;
  const lastSeconds = option('--last');
  const skipSeconds = option('--skip') ?? 0;
  const inputs = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const files = inputs.flatMap((input) =>
    fs.statSync(input).isDirectory()
      ? fs
          .readdirSync(input)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => path.join(input, f))
      : [input],
  );
  for (const file of files.sort()) {
    const s = summarise(
      file,
      JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile,
      top,
      lastSeconds,
      skipSeconds,
    );
    process.stdout.write(`\n== ${path.basename(file)}: busy ${s.busyMs} ms of ${s.wallMs} ms\n`);
    for (const [b, v] of s.buckets.filter(([b]) => b !== '(idle)').slice(0, 12))
      process.stdout.write(`  ${String(v).padStart(9)} ms  ${b}\n`);
    process.stdout.write('  top functions (self):\n');
    for (const [f, v] of s.functions) process.stdout.write(`  ${String(v).padStart(9)} ms  ${f}\n`);
  }
}

if (require.main === module) main();
