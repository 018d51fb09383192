/**
 * The real cdk8s CLI (no cluster needed, but seconds per run, so not in the fast tier): `-o` / CDK8S_OUTPUT reach
 * the app as CDK8S_OUTDIR, and CDK8S_CHECK_UPGRADE=false (like --no-check-upgrade) skips the upgrade check whose
 * failure offline prints a child process's stack trace.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readOutputDir } from '../../cli/read-output';

const ROOT = path.resolve(__dirname, '..', '..');

describe('npx cdk8s synth', () => {
  test('CDK8S_OUTPUT=DIR npx cdk8s synth writes DIR (not dist/), and CDK8S_CHECK_UPGRADE=false keeps it quiet offline', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cdk8s-')), 'out');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-home-'));
    const distBefore = readOutputDir(path.join(ROOT, 'dist'));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: home, CDK8S_OUTPUT: out, CDK8S_CHECK_UPGRADE: 'false' },
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(0);
    expect(readOutputDir(out)).toEqual(distBefore);
    expect(readOutputDir(path.join(ROOT, 'dist'))).toEqual(distBefore);
  });
});
