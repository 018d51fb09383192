/**
 * `preflight`: checks a live cluster against what our output for it needs (Kubernetes version, nodes, ingress,
 * cert-manager, Workload Identity, Azure Disk CSI, namespaces, Secrets, and the CRDs of the chosen secret source
 * and delivery mode). Exit codes: 0 no check failed, 1 a check failed or the input is invalid, 2 usage error.
 */
import { PREFLIGHT } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile, resolveConfigPath } from '../lib/config/load';
import { runChecks, summarize } from './preflight/checks';
import { UnknownClusterError, planCluster } from './preflight/cluster-plan';
import { ClusterReader } from './preflight/cluster-reader';
import { sameServerCheck } from './preflight/same-server';
// kube-reader only type-imports @kubernetes/client-node; the library itself loads when a reader is created.
import { createKubeReader, KubeReaderError } from './preflight/kube-reader';
import {
  clusterOf,
  emptyFlagProblem,
  errorLine,
  failureOutput,
  outputFolders,
  passed,
  PreflightFlags,
  reportJson,
  reportText,
  requestTimeout,
} from './preflight/report';

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

/**
 * Runs `preflight` with `argv`; resolves to the exit code. The flag rules and the output are in
 * cli/preflight/report.ts; this reads the config and the cluster and prints.
 */
export async function runPreflightCommand(argv: string[], io: PreflightIo, deps: PreflightDeps = {}): Promise<number> {
  // --json is honoured for errors too, even when the rest of the command line is wrong.
  const json = argv.includes('--json');
  const failWith = (code: number, message: string, usage = false): number => {
    const out = failureOutput(json, code, message, usage);
    io[out.stream](out.text);
    return code;
  };
  let values: PreflightFlags;
  try {
    values = parseCommand(argv, PREFLIGHT) as PreflightFlags;
  } catch (err) {
    return failWith(2, (err as Error).message, true);
  }
  if (values.help) {
    io.stdout(PREFLIGHT_HELP);
    return 0;
  }
  const empty = emptyFlagProblem(values);
  if (empty !== undefined) return failWith(2, empty, true);
  const timeout = requestTimeout(values.timeout);
  if ('problem' in timeout) return failWith(1, timeout.problem);

  try {
    const loaded = loadConfigFile(resolveConfigPath(values.config, io.env, io.cwd), { outputRules: false });
    const plan = planCluster(loaded.config, clusterOf(values));
    const createReader = deps.createReader ?? createKubeReader;
    const reader = await createReader({ kubeconfig: values.kubeconfig, context: values.context, timeoutMs: timeout.ms, env: io.env, cwd: io.cwd });
    // One request up front, so an unreachable server or bad credentials is one message, not one per check.
    await reader.getVersion();
    // A reader that knows the kubeconfig's contexts (the live one always does) adds the one-folder-per-server check.
    const results = [
      ...(reader.contextServers ? [sameServerCheck(plan.cluster, outputFolders(loaded.config), reader, reader.contextServers)] : []),
      ...(await runChecks(reader, plan, { baseDir: loaded.baseDir })),
    ];
    const summary = summarize(results);
    const report = { config: loaded.source, cluster: plan.cluster, context: reader.context, server: reader.server, results, summary };
    io.stdout(values.json ? reportJson(report) : reportText(report));
    return passed(summary) ? 0 : 1;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UnknownClusterError || e instanceof KubeReaderError) return failWith(1, errorLine(e));
    throw e;
  }
}
