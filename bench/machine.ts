// What the numbers were measured on: CPU, cores, memory, Node, tool versions, load average.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly versions: Record<string, string>;
  readonly loadAtStart: readonly number[];
}

function cpuModel(): string {
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function packageVersion(root: string, name: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

export function describeMachine(root: string): Machine {
  const names = ['cdk8s', 'cdk8s-plus-28', 'cdk8s-cli', 'esbuild', 'ts-node', 'typescript', 'jest'];
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    versions: Object.fromEntries(names.map((n) => [n, packageVersion(root, n)])),
    loadAtStart: os.loadavg(),
  };
}

export function machineLine(m: Machine): string {
  const load = m.loadAtStart.map((l) => l.toFixed(2)).join(' ');
  return (
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, Node ${m.node}, ${m.platform}; ` +
    `load average at start ${load}`
  );
}

export function versionsLine(m: Machine): string {
  return `Versions: ${Object.entries(m.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`;
}
