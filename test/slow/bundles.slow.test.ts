// The bundle `npm run synth` runs (scripts/run-ts.js) has the generated converters' undefined-filter rewritten
// (scripts/converters.js). For every example config, and for one with 60 dev-environment clusters (written in part
// by the writer thread), it must write exactly the files that synth in this process makes with the generated code
// as it is (ts-jest/swc, no bundle, no rewrite).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfigFile } from '../../lib/config/load';
import { synthesize } from '../../cli/synth';
import { fakeSecretEnv, readTree, ROOT } from '../../__tests__/helpers';

const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));

function manyClusters(dir: string): string {
  const config = fs.readFileSync(path.join(ROOT, 'examples', 'aks.yaml'), 'utf8');
  const dev = config.slice(config.indexOf('devEnvironmentClusters:'));
  const entry = dev.slice(dev.indexOf('  - name: '));
  const clusters = Array.from({ length: 60 }, (_, i) => entry.replaceAll('dev-westeurope', `dev-${String(i).padStart(2, '0')}`)).join('');
  const file = path.join(dir, 'many.yaml');
  fs.writeFileSync(file, `${config.slice(0, config.indexOf('devEnvironmentClusters:'))}devEnvironmentClusters:\n${clusters}`);
  return file;
}

test.each([...EXAMPLES.map((f) => [f, (_dir: string) => path.join(ROOT, 'examples', f)] as const), ['60 clusters', manyClusters] as const])(
  "npm run synth's bundle writes what synth makes unbundled: %s",
  (_name, configOf) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bundle-'));
    const config = configOf(dir);
    const loaded = loadConfigFile(config);
    const env = fakeSecretEnv(loaded.config.devEnvironmentClusters.map((c) => c.name));
    const out = path.join(dir, 'out');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-ts.js'), path.join(ROOT, 'main.ts')], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...env, CODECANVAS_CONFIG: config, CDK8S_OUTDIR: out },
      encoding: 'utf8',
    });
    expect(run.stderr.replace(/^(warning|note): .*\n/gm, '')).toBe('');
    expect(run.status).toBe(0);
    const expected = Object.fromEntries(synthesize(loaded, { env }).files.map((f) => [f.path, f.content]));
    expect(readTree(out)).toEqual(expected);
  },
);
