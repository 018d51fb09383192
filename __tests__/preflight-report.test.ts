// The preflight command's flag rules and output, called directly (cli/preflight/report.ts): the empty-value rule,
// the timeout rule at its boundaries, the report as text and JSON, the error line and the failure output, each
// exactly. preflight.test.ts runs the command against a fake cluster; this pins every branch of the module.
import { CheckResult } from '../cli/preflight/check-result';
import { KubeReaderError } from '../cli/preflight/kubeconfig-precheck';
import {
  clusterOf,
  DEFAULT_TIMEOUT_MS,
  emptyFlagProblem,
  errorLine,
  failureOutput,
  formatResults,
  outputFolders,
  passed,
  PreflightReport,
  reportJson,
  reportText,
  requestTimeout,
} from '../cli/preflight/report';
import { maskSecrets } from '../lib/util/secret-text';

describe('preflight flags', () => {
  it('refuses an empty value of each flag that takes one, the first in flag order', () => {
    expect(emptyFlagProblem({})).toBeUndefined();
    expect(emptyFlagProblem({ config: 'c.yaml', context: 'ctx', kubeconfig: 'kc', cluster: 'dev', timeout: '5', json: true })).toBeUndefined();
    for (const flag of ['config', 'context', 'kubeconfig', 'cluster', 'timeout']) {
      expect(emptyFlagProblem({ [flag]: '' })).toBe(`--${flag} needs a non-empty value`);
    }
    expect(emptyFlagProblem({ timeout: '', cluster: '', kubeconfig: '' })).toBe('--kubeconfig needs a non-empty value');
    expect(emptyFlagProblem({ config: 'c.yaml', timeout: '' })).toBe('--timeout needs a non-empty value');
  });

  it('waits 30 s per request unless --timeout gives plain decimal seconds above 0', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(30000);
    expect(requestTimeout(undefined)).toEqual({ ms: 30000 });
    const accepted: Record<string, number> = { '1': 1000, '30': 30000, '0.5': 500, '2.25': 2250, '0.001': 1, '007': 7000, '600': 600000 };
    for (const [raw, ms] of Object.entries(accepted)) expect(requestTimeout(raw)).toEqual({ ms });
  });

  it('refuses 0, signs, exponents, blanks and anything not a number, naming the value', () => {
    for (const raw of ['0', '0.0', '00', '-1', '+1', '1e3', '.5', '5.', ' 5', '5 ', 'abc', 'x5', '5s', '1.2.3', '']) {
      expect(requestTimeout(raw)).toEqual({ problem: `--timeout is ${JSON.stringify(raw)}; must be a number of seconds > 0` });
    }
  });

  it('checks the application cluster unless --cluster names another', () => {
    expect(clusterOf({})).toBe('application');
    expect(clusterOf({ cluster: 'dev-westeurope' })).toBe('dev-westeurope');
  });

  it('knows one output folder per cluster: the application cluster first, then each dev-environment cluster', () => {
    expect(outputFolders({ devEnvironmentClusters: [] })).toEqual(['application']);
    const clusters = [{ name: 'dev-a' }, { name: 'dev-b' }] as Parameters<typeof outputFolders>[0]['devEnvironmentClusters'];
    expect(outputFolders({ devEnvironmentClusters: clusters })).toEqual(['application', 'dev-a', 'dev-b']);
  });
});

const PASS: CheckResult = { id: 'version', title: 'Kubernetes version', status: 'pass', detail: 'v1.30.2' };
const FAIL: CheckResult = { id: 'crd', title: 'CRDs', status: 'fail', detail: 'ExternalSecret missing', fix: 'install External Secrets Operator' };
const WARN: CheckResult = { id: 'nodes', title: 'Nodes', status: 'warn', detail: '1 node', fix: 'add a node' };

describe('preflight report', () => {
  it('prints one line per result, and the fix of a failure or warning on the next', () => {
    expect(formatResults([])).toBe('\n');
    expect(formatResults([PASS, FAIL, WARN])).toBe(
      'PASS  Kubernetes version — v1.30.2\n' +
        'FAIL  CRDs — ExternalSecret missing\n      fix: install External Secrets Operator\n' +
        'WARN  Nodes — 1 node\n      fix: add a node\n',
    );
    // A pass never shows a fix; a result without one shows none.
    expect(formatResults([{ ...PASS, fix: 'nothing' }, { ...FAIL, fix: undefined }, { ...WARN, fix: '' }])).toBe(
      'PASS  Kubernetes version — v1.30.2\nFAIL  CRDs — ExternalSecret missing\nWARN  Nodes — 1 node\n',
    );
  });

  it('passes when no check failed; warnings do not count', () => {
    expect(passed({ pass: 3, fail: 0, warn: 2 })).toBe(true);
    expect(passed({ pass: 0, fail: 0, warn: 0 })).toBe(true);
    expect(passed({ pass: 3, fail: 1, warn: 0 })).toBe(false);
  });

  const server = 'https://admin:hunter2@api.example.com:443';
  const report: PreflightReport = { config: '/c/codecanvas.yaml', cluster: 'application', context: 'prod', server, results: [PASS, FAIL], summary: { pass: 1, fail: 1, warn: 0 } };

  it('text: where it looked (server masked), the results, and the counts in words', () => {
    expect(maskSecrets(server)).not.toContain('hunter2');
    expect(reportText(report)).toBe(
      `preflight: cluster application of /c/codecanvas.yaml, context prod (${maskSecrets(server)})\n\n` +
        'PASS  Kubernetes version — v1.30.2\nFAIL  CRDs — ExternalSecret missing\n      fix: install External Secrets Operator\n' +
        '\n1 check passed, 1 failed, 0 warnings\n',
    );
    expect(reportText({ ...report, results: [], summary: { pass: 2, fail: 0, warn: 1 } })).toMatch(/\n\n\n2 checks passed, 0 failed, 1 warning\n$/);
    expect(reportText({ ...report, results: [], summary: { pass: 0, fail: 3, warn: 2 } })).toMatch(/\n0 checks passed, 3 failed, 2 warnings\n$/);
  });

  it('JSON: the same fields in this order (server masked) and ok', () => {
    const json = reportJson(report);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toBe(
      `${JSON.stringify({ config: '/c/codecanvas.yaml', cluster: 'application', context: 'prod', server: maskSecrets(server), results: [PASS, FAIL], summary: report.summary, ok: false }, null, 2)}\n`,
    );
    expect(JSON.parse(reportJson({ ...report, results: [PASS], summary: { pass: 1, fail: 0, warn: 0 } })).ok).toBe(true);
  });
});

describe('preflight errors', () => {
  it('is one line: the message, and the fix of a kubeconfig problem when it has one', () => {
    expect(errorLine(new Error('plain'))).toBe('plain');
    expect(errorLine(new KubeReaderError('no context x'))).toBe('no context x');
    expect(errorLine(new KubeReaderError('no context x', ''))).toBe('no context x');
    expect(errorLine(new KubeReaderError('token expired', 'run az login'))).toBe('token expired; fix: run az login');
    // Only a kubeconfig problem has a fix.
    expect(errorLine(Object.assign(new Error('other'), { fix: 'ignored' }))).toBe('other');
  });

  it('is a line on stderr (with the pointer to --help for a usage error), or with --json a masked JSON object on stdout', () => {
    expect(failureOutput(false, 1, 'bad config', false)).toEqual({ stream: 'stderr', text: 'preflight: bad config\n' });
    expect(failureOutput(false, 2, 'unknown flag', true)).toEqual({ stream: 'stderr', text: "preflight: unknown flag\nRun 'codecanvas-cdk8s preflight --help' for usage.\n" });
    expect(failureOutput(true, 2, 'unknown flag', true)).toEqual({ stream: 'stdout', text: '{\n  "ok": false,\n  "exitCode": 2,\n  "error": "unknown flag"\n}\n' });
    const secret = 'cannot reach https://admin:hunter2@api.example.com';
    const out = failureOutput(true, 1, secret, false);
    expect(out.text).toBe(`${JSON.stringify({ ok: false, exitCode: 1, error: maskSecrets(secret) }, null, 2)}\n`);
    expect(out.text).not.toContain('hunter2');
  });
});
