/**
 * install.sh (delivery: helm) is code generated from the config: every word in it is checked against a grammar
 * and single-quoted. These tests run the generated script with bash, with fake `helm` and `kubectl` on PATH that
 * record their argv, and prove that hostile words stay words.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as yaml from 'js-yaml';
import { main } from '../cli/main';
import { HelmChart } from '../lib/constructs/helm-chart';
import { HelmCliRenderer, shellWord } from '../lib/renderers/helm-cli-renderer';
import { shellQuote } from '../lib/util/shell';
import { OCI_URL } from '../lib/util/rules';
import { fakeSecretEnv, ROOT, testChart } from './helpers';

let work: string;
let fakeBin: string;
let argvLog: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-install-sh-'));
  fakeBin = path.join(work, 'bin');
  argvLog = path.join(work, 'argv.log');
  fs.mkdirSync(fakeBin);
  // Records its name and each argument, NUL-separated, one record per call.
  for (const tool of ['helm', 'kubectl']) {
    fs.writeFileSync(path.join(fakeBin, tool), `#!/usr/bin/env bash\nprintf '%s\\0' ${tool} "$@" >> "$ARGV_LOG"\nprintf '\\n' >> "$ARGV_LOG"\n`, { mode: 0o755 });
  }
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every recorded call: [tool, ...argv]. */
function calls(): string[][] {
  if (!fs.existsSync(argvLog)) return [];
  return fs
    .readFileSync(argvLog, 'utf8')
    .split('\0\n')
    .filter((r) => r !== '')
    .map((r) => r.split('\0'));
}

function runScript(script: string): { status: number | null; stderr: string } {
  fs.rmSync(argvLog, { force: true });
  const r = spawnSync('bash', [script], {
    env: { PATH: `${fakeBin}:/usr/bin:/bin`, ARGV_LOG: argvLog, HOME: work },
    cwd: work,
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr };
}

async function synthHelmExample(edit: (c: Record<string, any>) => void = () => undefined): Promise<string> {
  const config = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'kubectl-helm.yaml'), 'utf8')) as Record<string, any>;
  edit(config);
  const dir = fs.mkdtempSync(path.join(work, 'synth-'));
  const file = path.join(dir, 'codecanvas.yaml');
  fs.writeFileSync(file, yaml.dump(config));
  const outdir = path.join(dir, 'out');
  const err: string[] = [];
  const code = await main(['synth', '--config', file, '--out', outdir], { stdout: () => undefined, stderr: (s) => err.push(s), env: fakeSecretEnv(['dev-local']), cwd: dir });
  expect({ code, stderr: err.join('').replace(/warning: .*\n/g, '') }).toEqual({ code: 0, stderr: '' });
  return outdir;
}

describe('generated install.sh', () => {
  test('parses with bash -n and calls kubectl and helm with exactly the expected argv', async () => {
    const outdir = await synthHelmExample((c) => {
      c.application.chart = { repository: 'oci://registry.example.com:5000/team/charts', version: '2025.1-RC.875' };
      // Hostile text that is valid config: it goes into the values file, never into the script.
      c.application.values = { note: "$(touch CANARY) `touch CANARY` '; touch CANARY; '" };
    });
    const script = path.join(outdir, 'helm', 'application', 'install.sh');
    execFileSync('bash', ['-n', script]);
    expect(fs.readFileSync(script, 'utf8')).not.toContain('CANARY');
    const r = runScript(script);
    expect(r).toEqual({ status: 0, stderr: '' });
    expect(fs.existsSync(path.join(work, 'CANARY')) || fs.existsSync(path.join(outdir, 'helm', 'application', 'CANARY'))).toBe(false);
    expect(calls()).toEqual([
      ['kubectl', 'apply', '-f', '../../application/'],
      [
        'helm',
        'upgrade',
        '-n',
        'codecanvas',
        '--wait',
        '--install',
        '-f',
        'codecanvas.values.yaml',
        'codecanvas',
        'oci://registry.example.com:5000/team/charts/codecanvas',
        '--version',
        '2025.1-RC.875',
      ],
    ]);
  });

  test('the dev-environment cluster script parses and runs its steps', async () => {
    const outdir = await synthHelmExample((c) => {
      c.devEnvironmentClusters[0].jump = { enabled: true, instanceId: 'jump-1' };
      c.devEnvironmentClusters[0].operator = { enabled: true, instanceId: 'operator-1' };
    });
    const dir = path.join(outdir, 'helm', 'dev-local');
    execFileSync('bash', ['-n', path.join(dir, 'install.sh')]);
    expect(runScript(path.join(dir, 'install.sh'))).toEqual({ status: 0, stderr: '' });
    const releases = ['codecanvas-jump', 'codecanvas-operator'];
    expect(calls()).toEqual([
      ['kubectl', 'apply', '-f', '../../dev-local/'],
      ...releases.map((release) => [
        'helm', 'upgrade', '-n', 'codecanvas-system', '--wait', '--install', '-f', `${release}.values.yaml`, release,
        `oci://public.registry.jetbrains.space/p/codecanvas/release-charts/${release}`, '--version', '2025.1.2',
      ]),
    ]);
  });

  const HOSTILE = [
    'charts$(touch${IFS}CANARY)',
    'charts`touch CANARY`',
    "charts'; touch CANARY; '",
    'charts"; touch CANARY; "',
    'charts\ntouch CANARY',
    'charts && touch CANARY',
    'charts | touch CANARY',
    '$(touch CANARY)',
    "'",
    "''\\''",
    '\\',
    '*',
    '~',
    '-rf',
    '',
  ];

  test.each(HOSTILE.map((h) => [JSON.stringify(h), h]))('shellQuote keeps %s one inert word under bash', (_name, hostile) => {
    const script = path.join(work, 'quote.sh');
    fs.writeFileSync(script, `set -eu\nhelm ${shellQuote(hostile)} ${shellQuote(`oci://r.example.com/${hostile}`)}\n`);
    execFileSync('bash', ['-n', script]);
    expect(runScript(script).status).toBe(0);
    expect({ calls: calls(), canary: fs.existsSync(path.join(work, 'CANARY')) }).toEqual({
      calls: [['helm', hostile, `oci://r.example.com/${hostile}`]],
      canary: false,
    });
  });

  test.each(HOSTILE.map((h) => [JSON.stringify(h), h]))('a chart repository with %s never reaches install.sh', (_name, hostile) => {
    const chart = testChart();
    expect(
      () =>
        new HelmChart(chart, 'Release', {
          chart: { repository: `oci://registry.example.com/${hostile}`, name: 'codecanvas', version: '2025.1.2' },
          releaseName: 'codecanvas',
          namespace: 'codecanvas',
          renderer: new HelmCliRenderer(),
        }),
    ).toThrow(/chart\.repository .* must be an OCI repository URL/);
    expect(() => shellWord('f', `oci://registry.example.com/${hostile}`, OCI_URL, 'rule')).toThrow(/^f ".*" rule; it is written into install\.sh$/s);
  });
});
