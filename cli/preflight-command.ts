/**
 * `preflight`: checks a live cluster against what our output for it needs (Kubernetes version, nodes, ingress,
 * cert-manager, Workload Identity, Azure Disk CSI, namespaces, Secrets, and the CRDs of the chosen secret source
 * and delivery mode). Exit codes: 0 no check failed, 1 a check failed or the input is invalid, 2 usage error.
 */
import { PREFLIGHT } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { APPLICATION_CLUSTER } from '../lib/charts/application-cluster-chart';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile, resolveConfigPath } from '../lib/config/load';
import { CheckResult, runChecks, summarize } from './preflight/checks';
import { UnknownClusterError, planCluster } from './preflight/cluster-plan';
import { ClusterReader } from './preflight/cluster-reader';
import { sameServerCheck } from './preflight/same-server';
// kube-reader only type-imports @kubernetes/client-node; the library itself loads when a reader is created.
import { createKubeReader, KubeReaderError } from './preflight/kube-reader';
import { maskSecrets } from '../lib/util/secret-text';

export interface PreflightIo {
  stdout(s: string): void;
  stderr(s: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface ReaderRequest {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface PreflightDeps {
  /** Creates the reader; default: kube-reader.ts (@kubernetes/client-node, loaded only now). */
  readonly createReader?: (request: ReaderRequest) => Promise<ClusterReader & { context: string; server: string; contextServers?: ReadonlyMap<string, string> }>;
}

export const PREFLIGHT_HELP = helpText(PREFLIGHT);

const LABEL: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN' };

export function formatResults(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${LABEL[r.status]}  ${r.title} — ${r.detail}`);
    if (r.status !== 'pass' && r.fix) lines.push(`      fix: ${r.fix}`);
  }
  return lines.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line: the message, and the fix when there is one. */
function oneLine(e: Error): string {
  const fix = e instanceof KubeReaderError && e.fix ? `; fix: ${e.fix}` : '';
  return `${e.message}${fix}`;
}

export async function runPreflightCommand(argv: string[], io: PreflightIo, deps: PreflightDeps = {}): Promise<number> {
  // --json is honoured for errors too, even when the rest of the command line is wrong.
  const json = argv.includes('--json');
  const failWith = (code: number, message: string, usage = false): number => {
    if (json) io.stdout(`${JSON.stringify({ ok: false, exitCode: code, error: maskSecrets(message) }, null, 2)}\n`);
    else io.stderr(`preflight: ${message}\n${usage ? "Run 'codecanvas-cdk8s preflight --help' for usage.\n" : ''}`);
    return code;
  };
  let values: { config?: string; context?: string; kubeconfig?: string; cluster?: string; timeout?: string; json?: boolean; help?: boolean };
  try {
    values = parseCommand(argv, PREFLIGHT) as typeof values;
  } catch (err) {
    return failWith(2, (err as Error).message, true);
  }
  if (values.help) {
    io.stdout(PREFLIGHT_HELP);
    return 0;
  }
  for (const flag of ['config', 'context', 'kubeconfig', 'cluster', 'timeout'] as const) {
    if (values[flag] === '') return failWith(2, `--${flag} needs a non-empty value`, true);
  }
  let timeoutMs = 30_000;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!/^\d+(\.\d+)?$/.test(values.timeout) || !(seconds > 0)) {
      return failWith(1, `--timeout is ${JSON.stringify(values.timeout)}; must be a number of seconds > 0`);
    }
    timeoutMs = seconds * 1000;
  }

  const cluster = values.cluster ?? APPLICATION_CLUSTER;
  try {
    const loaded = loadConfigFile(resolveConfigPath(values.config, io.env, io.cwd), { outputRules: false });
    const plan = planCluster(loaded.config, cluster);
    const createReader = deps.createReader ?? createKubeReader;
    const reader = await createReader({ kubeconfig: values.kubeconfig, context: values.context, timeoutMs, env: io.env, cwd: io.cwd });
    // One request up front, so an unreachable server or bad credentials is one message, not one per check.
    await reader.getVersion();
    const folders = [APPLICATION_CLUSTER, ...loaded.config.devEnvironmentClusters.map((c) => c.name)];
    // A reader that knows the kubeconfig's contexts (the live one always does) adds the one-folder-per-server check.
    const results = [
      ...(reader.contextServers ? [sameServerCheck(plan.cluster, folders, reader, reader.contextServers)] : []),
      ...(await runChecks(reader, plan, { baseDir: loaded.baseDir })),
    ];
    const summary = summarize(results);
    if (values.json) {
      io.stdout(
        JSON.stringify(
          { config: loaded.source, cluster: plan.cluster, context: reader.context, server: maskSecrets(reader.server), results, summary, ok: summary.fail === 0 },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.stdout(`preflight: cluster ${plan.cluster} of ${loaded.source}, context ${reader.context} (${maskSecrets(reader.server)})\n\n`);
      io.stdout(formatResults(results));
      io.stdout(`\n${plural(summary.pass, 'check')} passed, ${summary.fail} failed, ${plural(summary.warn, 'warning')}\n`);
    }
    return summary.fail === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UnknownClusterError || e instanceof KubeReaderError) return failWith(1, oneLine(e));
    throw e;
  }
}
