/**
 * The preflight command's rules on its flags (non-empty values, the timeout) and its output: the report as text or
 * JSON, and an error as one line or as JSON. Pure: cli/preflight-command.ts reads the config and the cluster and
 * prints what these return.
 */
import { APPLICATION_CLUSTER } from '../../lib/util/names';
import { ResolvedConfig } from '../../lib/config/schema';
import { maskSecrets } from '../../lib/util/secret-text';
import { CheckResult, CheckSummary } from './check-result';
import { KubeReaderError } from './kubeconfig-precheck';

/** The command line as the parser returns it (cli/command-definitions.ts, PREFLIGHT). */
export interface PreflightFlags {
  readonly config?: string;
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly cluster?: string;
  readonly timeout?: string;
  readonly json?: boolean;
  readonly help?: boolean;
}

/** The flags that take a value, each of which must not be empty. */
const VALUE_FLAGS = ['config', 'context', 'kubeconfig', 'cluster', 'timeout'] as const;

/** The usage problem (exit 2) of a flag given an empty value, the first in VALUE_FLAGS' order; undefined when none. */
export function emptyFlagProblem(flags: PreflightFlags): string | undefined {
  const empty = VALUE_FLAGS.find((flag) => flags[flag] === '');
  return empty === undefined ? undefined : `--${empty} needs a non-empty value`;
}

/** The timeout of each request to the cluster when --timeout is not given (ms). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The request timeout (ms) of --timeout `raw`, a number of seconds > 0 in plain decimal notation (no sign, no
 * exponent); DEFAULT_TIMEOUT_MS when absent. Else the problem (exit 1).
 */
export function requestTimeout(raw: string | undefined): { readonly ms: number } | { readonly problem: string } {
  if (raw === undefined) return { ms: DEFAULT_TIMEOUT_MS };
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(seconds > 0)) return { problem: `--timeout is ${JSON.stringify(raw)}; must be a number of seconds > 0` };
  return { ms: seconds * 1000 };
}

/** The cluster --cluster names, else the application cluster. */
export function clusterOf(flags: PreflightFlags): string {
  return flags.cluster ?? APPLICATION_CLUSTER;
}

/** The output folders of a config, by cluster: the application cluster's, then each dev-environment cluster's. */
export function outputFolders(config: Pick<ResolvedConfig, 'devEnvironmentClusters'>): string[] {
  return [APPLICATION_CLUSTER, ...config.devEnvironmentClusters.map((c) => c.name)];
}

const LABEL: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN' };

/** One line per result (`PASS  title — detail`), and for a failure or warning with a fix, its fix on the next. */
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

/** Whether the cluster passed: no check failed (warnings do not count). */
export function passed(summary: CheckSummary): boolean {
  return summary.fail === 0;
}

/** What a run found, and where. */
export interface PreflightReport {
  /** The config file. */
  readonly config: string;
  readonly cluster: string;
  readonly context: string;
  /** The API server's URL (masked in the output). */
  readonly server: string;
  readonly results: readonly CheckResult[];
  readonly summary: CheckSummary;
}

/** The report for people: where, one line per result, and the counts. */
export function reportText(report: PreflightReport): string {
  const { summary } = report;
  return (
    `preflight: cluster ${report.cluster} of ${report.config}, context ${report.context} (${maskSecrets(report.server)})\n\n` +
    formatResults(report.results) +
    `\n${plural(summary.pass, 'check')} passed, ${summary.fail} failed, ${plural(summary.warn, 'warning')}\n`
  );
}

/** The report as JSON (--json): the same, and `ok` (passed). */
export function reportJson(report: PreflightReport): string {
  const { config, cluster, context, results, summary } = report;
  return JSON.stringify({ config, cluster, context, server: maskSecrets(report.server), results, summary, ok: passed(summary) }, null, 2) + '\n';
}

/** One line: the message, and the fix when there is one. */
export function errorLine(e: Error): string {
  const fix = e instanceof KubeReaderError && e.fix ? `; fix: ${e.fix}` : '';
  return `${e.message}${fix}`;
}

/**
 * How a run that stops with `message` and exit code `code` says so: with --json (`json`) a JSON object on stdout
 * (masked), else a line on stderr, followed by the pointer to --help for a usage error (`usage`).
 */
export function failureOutput(json: boolean, code: number, message: string, usage: boolean): { readonly stream: 'stdout' | 'stderr'; readonly text: string } {
  if (json) return { stream: 'stdout', text: `${JSON.stringify({ ok: false, exitCode: code, error: maskSecrets(message) }, null, 2)}\n` };
  return { stream: 'stderr', text: `preflight: ${message}\n${usage ? "Run 'codecanvas-cdk8s preflight --help' for usage.\n" : ''}` };
}
